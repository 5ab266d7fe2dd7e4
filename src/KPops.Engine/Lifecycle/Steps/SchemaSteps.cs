using KPops.Engine.Clients;
using KPops.Engine.Errors;
using KPops.Engine.Inventory;

namespace KPops.Engine.Lifecycle.Steps;

/// <summary>Deploy: registers the key or value schema of a <c>to</c> topic under <c>{topic}-key</c>/<c>{topic}-value</c>.</summary>
internal sealed class RegisterSchemaStep(SubjectResource subject)
    : Step(ResourceKind.Subject, subject.Name, $"register schema {subject.SchemaClass} as {subject.Name}")
{
    private string SchemaClass => subject.SchemaClass ?? throw new InvalidOperationException($"Subject {subject.Name} names no schema class to register.");

    protected override async Task<(StepAction, string?, string?)> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var registry = context.Clients.SchemaRegistry;
        if (registry is null) return Done(StepAction.Skipped, message: "schema_registry.enabled is false.");
        var schema = context.Clients.SchemaProvider.Provide(SchemaClass, subject.Models)
            ?? throw new KPopsException(ErrorIds.SchemaNotFound, ErrorKind.ObjectNotFound,
                $"No schema provider knows the schema class '{SchemaClass}' (subject {Resource}).", context.Component.Location,
                "Put <class>.avsc/.json/.proto into schema_registry.schemas_path, or add a provider with Register-KPopsSchemaProvider.");
        // One lookup says whether the schema is there and, if not, whether the subject is: no GET before the POST.
        var lookup = await registry.LookupAsync(Resource, schema, cancellationToken).ConfigureAwait(false);
        if (lookup == SchemaLookup.SubjectNotFound)
        {
            if (context.DryRun) return Done(StepAction.WouldCreate, null, $"The subject {Resource} will be submitted ({schema.Type}).");
            var id = await registry.RegisterAsync(Resource, schema, cancellationToken).ConfigureAwait(false);
            return Done(StepAction.Created, null, $"Registered as id {id}.");
        }
        if (lookup == SchemaLookup.Registered) return Done(StepAction.Unchanged, null, "This schema is already registered.");
        var compatibility = await registry.CheckCompatibilityAsync(Resource, schema, cancellationToken).ConfigureAwait(false);
        if (!compatibility.IsCompatible)
        {
            var message = $"Schema {SchemaClass} is incompatible with the latest version of {Resource}" +
                (compatibility.Messages.Count == 0 ? "." : ": " + string.Join("; ", compatibility.Messages));
            if (context.DryRun) return Done(StepAction.WouldFail, null, message);
            throw new ServiceException(Service.SchemaRegistry, registry.Endpoint, message, hint: "Make the schema compatible, or reset/clean the pipeline before deploying an incompatible change.");
        }
        if (context.DryRun) return Done(StepAction.WouldUpdate, null, "A compatible new version will be registered.");
        var newId = await registry.RegisterAsync(Resource, schema, cancellationToken).ConfigureAwait(false);
        return Done(StepAction.Updated, null, $"Registered as id {newId}.");
    }
}

/// <summary>Clean: deletes a subject (soft delete, as KPOps does).</summary>
internal sealed class DeleteSubjectStep(SubjectResource subject) : Step(ResourceKind.Subject, subject.Name, $"delete subject {subject.Name}")
{
    protected override async Task<(StepAction, string?, string?)> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var registry = context.Clients.SchemaRegistry;
        if (registry is null) return Done(StepAction.Skipped, message: "schema_registry.enabled is false.");
        if (context.DryRun)
            return Done(await registry.GetVersionsAsync(Resource, cancellationToken).ConfigureAwait(false) is null ? StepAction.NotFound : StepAction.WouldDelete);
        // The subjects of error and DLQ topics mostly never had a schema: the list, read once per run, spares their DELETEs.
        if (await context.Shared.SubjectsAsync(registry, cancellationToken).ConfigureAwait(false) is { } known && !known.Contains(Resource))
            return Done(StepAction.NotFound, message: "The registry lists no such subject.");
        return Done(await registry.DeleteSubjectAsync(Resource, false, cancellationToken).ConfigureAwait(false) is null ? StepAction.NotFound : StepAction.Deleted);
    }
}
