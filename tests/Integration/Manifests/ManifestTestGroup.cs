using Xunit;

namespace KPops.Tests.Integration.Manifests;

/// <summary>The manifest tests share one <see cref="ManifestFixture"/>: each operation, mode and helm is rendered once.</summary>
[CollectionDefinition(Name)]
public sealed class ManifestTestGroup : ICollectionFixture<ManifestFixture>
{
    public const string Name = "Manifests";
}
