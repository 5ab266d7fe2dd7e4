using KPops.Engine.Clients;
using KPops.Engine.Diff;
using KPops.Engine.Inventory;
using KPops.Engine.Naming;

namespace KPops.Engine.Lifecycle.Steps;

/// <summary>Connector configs as Connect takes them.</summary>
internal static class ConnectorConfigs
{
    /// <summary>A copy of the connector's config.</summary>
    public static Dictionary<string, string> Of(ConnectorResource connector) => new(connector.Config, StringComparer.Ordinal);

    /// <summary>Keys whose values are masked in diffs (the one rule: <see cref="Security.SecretMask.IsSecretKey"/>).</summary>
    public static ISet<string> Secrets(IEnumerable<string> keys) => keys.Where(Security.SecretMask.IsSecretKey).ToHashSet(StringComparer.Ordinal);
}

/// <summary>
/// Deploy: creates the connector (in its desired state) or brings an existing one to its config and state; under
/// -WhatIf the config diff and the plugin's validation result. An identical connector is left alone.
/// </summary>
internal sealed class DeployConnectorStep(ConnectorResource connector) : Step(ResourceKind.Connector, connector.Name, $"create or update connector {connector.Name}")
{
    protected override async Task<(StepAction, string?, string?)> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var connect = context.Clients.Connect;
        var config = ConnectorConfigs.Of(connector);
        var existing = await connect.GetConnectorAsync(Resource, cancellationToken).ConfigureAwait(false);
        // Secrets of both sides: a password the new config drops would otherwise show in clear as a removed line.
        var secrets = ConnectorConfigs.Secrets(config.Keys.Concat(existing?.Config.Keys ?? []));
        var diff = ConfigDiff.Describe(existing?.Config ?? new Dictionary<string, string>(), config, secretKeys: secrets);
        var desiredState = connector.State;
        if (context.DryRun)
        {
            var errors = await connect.ValidateAsync(config["connector.class"], config, cancellationToken).ConfigureAwait(false);
            if (errors.Count > 0)
                return Done(StepAction.WouldFail, diff, "Connector configuration is invalid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {e.Message}")));
            if (existing is null) return Done(StepAction.WouldCreate, diff, desiredState is null ? null : $"Initial state {desiredState.ToUpperInvariant()}.");
            var status = await connect.GetStatusAsync(Resource, cancellationToken).ConfigureAwait(false);
            var stateChange = StateChange(status?.State, desiredState);
            return Done(diff.Length == 0 && stateChange is null ? StepAction.Unchanged : StepAction.WouldUpdate, diff, stateChange);
        }
        if (existing is null)
        {
            await connect.CreateAsync(Resource, config, desiredState?.ToUpperInvariant(), cancellationToken).ConfigureAwait(false);
            return Done(StepAction.Created, diff);
        }
        var current = await connect.GetStatusAsync(Resource, cancellationToken).ConfigureAwait(false);
        var change = StateChange(current?.State, desiredState);
        if (diff.Length == 0 && change is null) return Done(StepAction.Unchanged);
        if (current?.State == "RUNNING" && desiredState == "paused") await connect.PauseAsync(Resource, cancellationToken).ConfigureAwait(false);
        if (diff.Length > 0) await connect.PutConfigAsync(Resource, config, cancellationToken).ConfigureAwait(false);
        if (current?.State != "RUNNING" && desiredState == "running") await connect.ResumeAsync(Resource, cancellationToken).ConfigureAwait(false);
        return Done(StepAction.Updated, diff, change);
    }

    private static string? StateChange(string? current, string? desired) =>
        desired is null || current is null || string.Equals(current, desired, StringComparison.OrdinalIgnoreCase) ? null
            : $"State {current} → {desired.ToUpperInvariant()}.";
}

/// <summary>Destroy: deletes the connector; after a reset that left none (<paramref name="left"/> null), reports NotFound without asking.</summary>
internal sealed class DeleteConnectorStep(ConnectorResource connector, StepOutput<string>? left) : Step(ResourceKind.Connector, connector.Name, $"delete connector {connector.Name}")
{
    protected override async Task<(StepAction, string?, string?)> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var connect = context.Clients.Connect;
        if (!context.DryRun && left is { IsWritten: true, Value: null }) return Done(StepAction.NotFound);
        // The DELETE says itself whether the connector existed; only a plan has to read it.
        if (context.DryRun)
            return Done(await connect.GetConnectorAsync(Resource, cancellationToken).ConfigureAwait(false) is null ? StepAction.NotFound : StepAction.WouldDelete);
        return Done(await connect.DeleteAsync(Resource, cancellationToken).ConfigureAwait(false) ? StepAction.Deleted : StepAction.NotFound);
    }
}

/// <summary>
/// Reset: the connector's offsets are reset through Connect's REST API (KIP-875): stop, delete offsets. A connector
/// that does not exist is created PAUSED for this and deleted afterwards. For sinks this resets consumer group
/// <c>connect-&lt;name&gt;</c>; for sources the stored source offsets.
/// </summary>
internal sealed class ResetConnectorStep(ConnectorResource connector, StepOutput<string>? left) : Step(ResourceKind.Connector, connector.Name, $"reset connector {connector.Name}")
{
    protected override async Task<(StepAction, string?, string?)> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var connect = context.Clients.Connect;
        var exists = await connect.GetConnectorAsync(Resource, cancellationToken).ConfigureAwait(false) is not null;
        var what = connector.IsSink ? $"The offsets of consumer group {ResourceNames.SinkConnectorGroup(Resource)}" : "The source offsets";
        if (context.DryRun) return Done(StepAction.WouldReset, null, $"{what} would be reset{(exists ? "" : " (through a temporary paused connector)")}.");
        left?.Write(exists ? Resource : null);
        if (!exists) await connect.CreateAsync(Resource, ConnectorConfigs.Of(connector), "PAUSED", cancellationToken).ConfigureAwait(false);
        try
        {
            await connect.StopAsync(Resource, cancellationToken).ConfigureAwait(false);
            await WaitUntilStoppedAsync(connect, cancellationToken).ConfigureAwait(false);
            await connect.DeleteOffsetsAsync(Resource, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!exists) await connect.DeleteAsync(Resource, CancellationToken.None).ConfigureAwait(false);
        }
        return Done(StepAction.Reset, null, $"{what} were reset.");
    }

    // Stopping is asynchronous in Connect: offsets can only be changed once the connector reports STOPPED.
    private async Task WaitUntilStoppedAsync(IKafkaConnect connect, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var status = await connect.GetStatusAsync(Resource, cancellationToken).ConfigureAwait(false);
            if (status is null or { State: "STOPPED" }) return;
            await Task.Delay(TimeSpan.FromMilliseconds(100 * Math.Min(attempt + 1, 10)), cancellationToken).ConfigureAwait(false);
        }
        throw new ServiceException(Service.KafkaConnect, connect.Endpoint, $"Connector {Resource} did not reach the STOPPED state.",
            hint: "Check the Connect workers; the connector must be stopped before its offsets can be reset.");
    }
}

/// <summary>Clean of sink connectors: deletes consumer group <c>connect-&lt;name&gt;</c> if anything is left of it.</summary>
internal sealed class DeleteConsumerGroupStep(ConsumerGroupResource group) : Step(ResourceKind.ConsumerGroup, group.Name, $"delete consumer group {group.Name}"),
    IBatchedKafkaStep
{
    /// <inheritdoc />
    public BatchedRequestKind? BatchedAs(bool dryRun) => dryRun ? BatchedRequestKind.DescribeGroups : BatchedRequestKind.DeleteGroups;

    protected override async Task<(StepAction, string?, string?)> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        if (context.DryRun)
        {
            var group = await context.Batch.DescribeGroupAsync(Resource, cancellationToken).ConfigureAwait(false);
            return Done(group is { State: not "Dead" } ? StepAction.WouldDelete : StepAction.NotFound);
        }
        var deleted = await context.Batch.DeleteGroupAsync(context.Component, Resource, cancellationToken).ConfigureAwait(false);
        return Done(deleted ? StepAction.Deleted : StepAction.NotFound);
    }
}
