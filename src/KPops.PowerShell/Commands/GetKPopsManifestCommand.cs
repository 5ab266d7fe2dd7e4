using System.Management.Automation;
using KPops.Engine.Errors;
using KPops.Engine.Lifecycle;
using KPops.Engine.Manifests;
using KPops.Engine.Model;
using KPops.PowerShell.Internal;

namespace KPops.PowerShell.Commands;

/// <summary>
/// Renders the Kubernetes manifests of an operation for GitOps — helm template output of apps and cleanup jobs,
/// Strimzi KafkaTopic resources for topics, Argo CD annotations in Argo mode — without touching a cluster.
/// </summary>
[Cmdlet(VerbsCommon.Get, "KPopsManifest", DefaultParameterSetName = PathSet)]
[OutputType(typeof(ManifestDocument), typeof(string))]
public sealed class GetKPopsManifestCommand : ComponentsCmdlet
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
        var log = new QueuedLog();
        var factory = new ClientFactory();
        var documents = new List<ManifestDocument>();
        try
        {
            foreach (var (pipeline, components) in ByPipeline())
            {
                var clients = factory.Create(pipeline, log);
                try
                {
                    foreach (var component in components)
                    {
                        var rendered = Await(ManifestRenderer.RenderAsync(pipeline.Inventory.Of(component), Operation, Mode, clients.Helm, log.Warning, CancellationToken), log);
                        if (AsYaml) documents.AddRange(rendered);
                        else WriteObject(rendered, enumerateCollection: true);
                    }
                }
                finally
                {
                    clients.Dispose();
                }
            }
            if (AsYaml && documents.Count > 0) WriteObject(ManifestRenderer.ToYaml(documents));
        }
        catch (KPopsException e)
        {
            ThrowEngineError(e, Operation);
        }
        finally
        {
            base.EndProcessing();
        }
    }
}
