using KPops.TestWorld.Xunit;
using Xunit;

namespace KPops.TestWorld.Tests.World;

/// <summary>The tests that share one <see cref="TestWorld"/> (xunit only finds collection definitions in the test assembly).</summary>
[CollectionDefinition(TestWorldFixture.CollectionName)]
public sealed class TestWorldCollectionDefinition : ICollectionFixture<TestWorldFixture>;
