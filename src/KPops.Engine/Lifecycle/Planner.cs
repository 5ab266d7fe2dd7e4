using KPops.Engine.Lifecycle.Steps;
using KPops.Engine.Model;
using KPops.Engine.Model.Types;
using KPops.Engine.Naming;

namespace KPops.Engine.Lifecycle;

/// <summary>
/// Turns a component and an operation into its ordered steps, as KPOps does per component type: topics, then
/// schemas, then the release or connector on deploy; uninstall/delete on destroy; destroy plus the cleanup job (or
/// the connector offset reset) on reset; reset plus output deletion on clean.
/// </summary>
public static class Planner
{
    /// <summary>The steps of one component for one operation, in order.</summary>
    public static IReadOnlyList<IStep> Plan(Component component, Operation operation) => operation switch
    {
        Operation.Deploy => Deploy(component),
        Operation.Destroy => Destroy(component),
        Operation.Reset => Reset(component),
        _ => Clean(component),
    };

    private static List<IStep> Deploy(Component component)
    {
        var steps = new List<IStep>();
        if (component.Kind == ComponentKind.None) return steps;
        if (component.Kind != ComponentKind.HelmApp)
        {
            // Topics and schemas exist before the app or connector that writes them starts.
            foreach (var topic in component.Topics) steps.Add(new EnsureTopicStep(topic));
            foreach (var topic in component.Topics)
            {
                if (topic.KeySchema is not null) steps.Add(new RegisterSchemaStep(ResourceNames.KeySubject(topic.Name), topic.KeySchema));
                if (topic.ValueSchema is not null) steps.Add(new RegisterSchemaStep(ResourceNames.ValueSubject(topic.Name), topic.ValueSchema));
            }
        }
        steps.Add(component.IsConnector ? new DeployConnectorStep(component) : new InstallReleaseStep(component));
        return steps;
    }

    private static List<IStep> Destroy(Component component) => component.Kind switch
    {
        ComponentKind.None => [],
        ComponentKind.SinkConnector or ComponentKind.SourceConnector => [new DeleteConnectorStep(component)],
        _ => [new UninstallReleaseStep(component)],
    };

    private static List<IStep> Reset(Component component) => component.Kind switch
    {
        ComponentKind.StreamsApp or ComponentKind.ConsumerApp => [.. Destroy(component), new CleanupJobStep(component, deleteOutput: false)],
        ComponentKind.SinkConnector or ComponentKind.SourceConnector => [new ResetConnectorStep(component), .. Destroy(component)],
        _ => Destroy(component),
    };

    private static List<IStep> Clean(Component component)
    {
        switch (component.Kind)
        {
            case ComponentKind.StreamsApp or ComponentKind.ConsumerApp:
                List<IStep> steps = [.. Destroy(component), new CleanupJobStep(component, deleteOutput: true)];
                if (component.HasPersistentVolumes) steps.Add(new DeleteVolumesStep(component));
                return steps;
            case ComponentKind.ProducerApp:
                return [.. Destroy(component), new CleanupJobStep(component, deleteOutput: true)];
            case ComponentKind.SinkConnector or ComponentKind.SourceConnector:
                var clean = Reset(component);
                if (component.Kind == ComponentKind.SinkConnector) clean.Add(new DeleteConsumerGroupStep(ResourceNames.SinkConnectorGroup(component.FullName)));
                foreach (var topic in component.Topics)
                {
                    clean.Add(new DeleteSubjectStep(ResourceNames.ValueSubject(topic.Name)));
                    clean.Add(new DeleteSubjectStep(ResourceNames.KeySubject(topic.Name)));
                }
                // Only the connector's own `to` topics; topics it reads (from) are never deleted.
                foreach (var topic in component.Topics) clean.Add(new DeleteTopicStep(topic.Name));
                return clean;
            default:
                return Destroy(component);
        }
    }
}
