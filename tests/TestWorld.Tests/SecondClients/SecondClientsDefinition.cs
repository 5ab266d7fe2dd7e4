using KPops.TestWorld.Xunit;
using Xunit;

namespace KPops.TestWorld.Tests.SecondClients;

/// <summary>
/// The suites that check the doubles with clients KPops itself does not use (kubectl, kcat, kafkajs, curl). They
/// share one world, started once for the collection and reset before each test.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SecondClientsDefinition : ICollectionFixture<TestWorldFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "SecondClients";
}
