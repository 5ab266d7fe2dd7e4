using System.Management.Automation;
using KPops.Engine.Lifecycle;
using KPops.Engine.Manifests;
using KPops.PowerShell.Internal;

namespace KPops.PowerShell.Commands;

/// <summary>
/// Renders the Kubernetes manifests of an operation for GitOps — helm template output of apps and cleanup jobs,
/// Strimzi KafkaTopic resources for topics, Argo CD annotations in Argo mode — without touching a cluster.
/// </summary>
[Cmdlet(VerbsCommon.Get, "KPopsManifest", DefaultParameterSetName = PathSet)]
[OutputType(typeof(ManifestDocument), typeof(string))]
public sealed class GetKPopsManifestCommand : ClusterCmdlet
{
    /// <summary>The operation whose manifests are rendered.</summary>
    [Parameter]
    public Operation Operation { get; set; } = Operation.Deploy;

    /// <summary>Manifest (plain) or Argo (sync waves and PostDelete cleanup hooks).</summary>
    [Parameter]
    public ManifestMode Mode { get; set; } = ManifestMode.Manifest;

    /// <summary>Write one multi-document YAML string instead of objects.</summary>
    [Parameter]
    public SwitchParameter AsYaml { get; set; }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        try
        {
            var selection = ByPipeline();
            if (selection.Count == 0) return;
            // Rendering needs no cluster; a context given on the command line is still checked before helm gets it.
            if (KubeContext is not null || Kubeconfig is not null) ResolveTargets();
            var documents = new List<ManifestDocument>();
            RunEngine($"{Operation} manifests of {string.Join(", ", selection.Select(p => p.Pipeline.Name))}",
                cancellation => ManifestRenderer.Start(selection, Operation, Mode, ClusterClients, cancellation),
                runEvent =>
                {
                    if (runEvent is not ComponentCompleted completed) return;
                    var rendered = completed.Objects.Cast<ManifestDocument>().ToList();
                    if (AsYaml) documents.AddRange(rendered);
                    else WriteObject(rendered, enumerateCollection: true);
                });
            if (AsYaml && documents.Count > 0) WriteObject(ManifestRenderer.ToYaml(documents));
        }
        finally
        {
            base.EndProcessing();
        }
    }
}
