using System.Globalization;
using KPops.Engine.Lifecycle;
using KPops.Engine.Manifests;
using KPops.Tests.Integration.Support;
using Xunit;
using Xunit.Abstractions;

namespace KPops.Tests.Integration.Manifests;

/// <summary>
/// Golden files of the manifest and argo output (<see cref="ManifestRenderer.ToYaml"/>) of the test pipeline for
/// every operation, rendered by the real helm from the test charts: <c>Resources/gitops/expected/&lt;op&gt;-&lt;mode&gt;.yaml</c>,
/// compared as parsed YAML documents. helm 3 and helm 4 must render the same documents.
/// </summary>
/// <remarks>
/// To regenerate the golden files after an intended change, run the tests with <c>KPOPS_UPDATE_GOLDEN=1</c>:
/// <code>KPOPS_UPDATE_GOLDEN=1 dotnet test tests/Integration --filter "FullyQualifiedName~ManifestGoldenTests"</code>
/// They are then written (with helm 4) into the source tree instead of compared; review the diff and commit it.
/// </remarks>
[Collection(ManifestTestGroup.Name)]
public sealed class ManifestGoldenTests(ManifestFixture fixture, ITestOutputHelper output)
{
    /// <summary>Set to 1 to rewrite the golden files instead of comparing with them.</summary>
    public const string UpdateVariable = "KPOPS_UPDATE_GOLDEN";

    public static TheoryData<Operation, ManifestMode> Cases()
    {
        var data = new TheoryData<Operation, ManifestMode>();
        foreach (var operation in Enum.GetValues<Operation>())
            foreach (var mode in Enum.GetValues<ManifestMode>()) data.Add(operation, mode);
        return data;
    }

    /// <summary>expected/deploy-argo.yaml and so on.</summary>
    public static string FileName(Operation operation, ManifestMode mode) =>
        $"{operation.ToString().ToLowerInvariant()}-{mode.ToString().ToLowerInvariant()}.yaml";

    private static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Output_matches_the_golden_file(Operation operation, ManifestMode mode)
    {
        var rendering = await fixture.RenderAsync(operation, mode, 4);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{operation} {mode}: {rendering.Documents.Count} document(s) in {rendering.Elapsed.TotalSeconds:0.00}s"));
        var name = FileName(operation, mode);
        if (Updating)
        {
            foreach (var folder in new[] { GitOpsResources.SourceDirectory(), GitOpsResources.Directory })
            {
                Directory.CreateDirectory(Path.Combine(folder, "expected"));
                await File.WriteAllTextAsync(Path.Combine(folder, "expected", name), Header(operation, mode) + rendering.Yaml);
            }
            output.WriteLine($"wrote expected/{name}");
            return;
        }
        var expected = await File.ReadAllTextAsync(Path.Combine(GitOpsResources.Directory, "expected", name));
        YamlStreamAssert.Equivalent(expected, rendering.Yaml, $"expected/{name} (regenerate with {UpdateVariable}=1 if the change is intended)");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Helm_3_and_helm_4_render_the_same_documents(Operation operation, ManifestMode mode)
    {
        var helm4 = await fixture.RenderAsync(operation, mode, 4);
        var helm3 = await fixture.RenderAsync(operation, mode, 3);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"helm 3: {helm3.Elapsed.TotalSeconds:0.00}s, helm 4: {helm4.Elapsed.TotalSeconds:0.00}s"));
        YamlStreamAssert.Equivalent(helm4.Yaml, helm3.Yaml, $"{operation} {mode}: helm 3 compared with helm 4");
        // Nothing needs normalising: the documents are written again with sorted keys, so even the text is the same.
        Assert.Equal(helm4.Yaml, helm3.Yaml);
        Assert.Equal(helm4.Warnings, helm3.Warnings);
    }

    private static string Header(Operation operation, ManifestMode mode) =>
        $"# {operation} in {mode} mode of Resources/gitops/pipeline, rendered by helm 4 from the test charts.\n"
        + $"# Generated: run the manifest tests with {UpdateVariable}=1 to rewrite it (see ManifestGoldenTests).\n";
}
