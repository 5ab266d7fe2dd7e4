using Xunit;

namespace KPops.TestWorld.Xunit;

/// <summary>
/// Starts one <see cref="TestWorld"/> for an xunit collection and disposes it after the collection's last test.
/// Use it as a collection fixture and let the test classes derive from <see cref="TestWorldTest"/>, which resets
/// the world before each test.
/// </summary>
/// <remarks>
/// xunit 2 only finds collection definitions in the test assembly itself, so each test project declares the
/// collection once (the name is <see cref="CollectionName"/>):
/// <code>
/// [CollectionDefinition(TestWorldFixture.CollectionName)]
/// public sealed class TestWorldCollectionDefinition : ICollectionFixture&lt;TestWorldFixture&gt;;
/// </code>
/// and its classes join it with <c>[Collection(TestWorldFixture.CollectionName)]</c>. Tests of one collection run one
/// after another, so they share the world safely.
/// </remarks>
public sealed class TestWorldFixture : IAsyncLifetime
{
    /// <summary>The collection name test projects use: <c>TestWorld</c>.</summary>
    public const string CollectionName = "TestWorld";

    private TestWorld? _world;

    /// <summary>The world (started before the collection's first test).</summary>
    public TestWorld World => _world ?? throw new InvalidOperationException("the test world is not started");

    /// <inheritdoc />
    public async Task InitializeAsync() => _world = await TestWorld.StartAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_world is not null) await _world.DisposeAsync();
    }
}

/// <summary>
/// Base of a test class in the <see cref="TestWorldFixture.CollectionName"/> collection: resets the shared world
/// before each test (xunit creates the class once per test).
/// </summary>
public abstract class TestWorldTest
{
    /// <summary>Resets <paramref name="fixture"/>'s world.</summary>
    protected TestWorldTest(TestWorldFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        World = fixture.World;
        World.Reset();
    }

    /// <summary>The shared world, freshly reset.</summary>
    protected TestWorld World { get; }
}
