using KPops.Engine.Inventory;
using KPops.Engine.Lifecycle.Steps;
using KPops.Engine.Yaml;

namespace KPops.Engine.Lifecycle;

/// <summary>
/// Turns the resources an operation concerns (<see cref="ComponentInventory.For"/>) into ordered steps: deploy
/// creates or updates each resource; destroy, reset and clean remove them, run the cleanup job or reset the
/// connector. What a component owns is the inventory's business; the planner only knows what an operation does
/// to each kind of resource.
/// </summary>
public static class Planner
{
    /// <summary>The steps of one component for one operation, in order.</summary>
    public static IReadOnlyList<IStep> Plan(ComponentInventory inventory, Operation operation)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var steps = new List<IStep>();
        // The values of the running release, read by its uninstall step for the cleanup-job step after it.
        StepOutput<YMap>? liveValues = null;
        foreach (var resource in inventory.For(operation))
        {
            switch (resource)
            {
                case TopicResource topic:
                    steps.Add(operation == Operation.Deploy ? new EnsureTopicStep(topic) : new DeleteTopicStep(topic));
                    break;
                case SubjectResource subject:
                    steps.Add(operation == Operation.Deploy ? new RegisterSchemaStep(subject) : new DeleteSubjectStep(subject));
                    break;
                case HelmReleaseResource release when operation == Operation.Deploy:
                    steps.Add(new InstallReleaseStep(release));
                    break;
                case HelmReleaseResource release:
                    liveValues = release.KeepsValuesForCleanup ? new StepOutput<YMap>($"the values of release {release.Name}") : null;
                    steps.Add(new UninstallReleaseStep(release, liveValues));
                    break;
                case CleanupJobResource job:
                    steps.Add(new CleanupJobStep(job, liveValues));
                    break;
                case VolumeClaimsResource volumes:
                    steps.Add(new DeleteVolumesStep(volumes));
                    break;
                case ConnectorResource connector when operation == Operation.Deploy:
                    steps.Add(new DeployConnectorStep(connector));
                    break;
                case ConnectorResource connector when operation == Operation.Destroy:
                    steps.Add(new DeleteConnectorStep(connector, null));
                    break;
                case ConnectorResource connector:
                    // Offsets can only be reset on a connector that exists; then it goes like on destroy. The reset
                    // tells the delete whether a connector is left, so a temporary one is not deleted twice.
                    var left = new StepOutput<string>($"whether connector {connector.Name} is left after its reset");
                    steps.Add(new ResetConnectorStep(connector, left));
                    steps.Add(new DeleteConnectorStep(connector, left));
                    break;
                case ConsumerGroupResource group:
                    steps.Add(new DeleteConsumerGroupStep(group));
                    break;
                default:
                    throw new InvalidOperationException($"The planner has no step for {resource.Kind} {resource.Name} on {operation}.");
            }
        }
        return steps;
    }
}
