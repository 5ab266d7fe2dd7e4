namespace KPops.Engine.Clients.SchemaRegistry;

/// <summary>
/// Several schema providers asked in order: the first one that knows a class (returns a schema) wins; null when
/// none does. A provider's exception is not swallowed: it ends the lookup, so a broken provider is noticed.
/// </summary>
public sealed class SchemaProviderChain : ISchemaProvider
{
    /// <summary>Creates a chain.</summary>
    /// <param name="providers">The providers, asked in this order.</param>
    public SchemaProviderChain(IEnumerable<ISchemaProvider> providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        Providers = providers.ToList();
        if (Providers.Any(p => p is null)) throw new ArgumentException("A provider of the chain is null.", nameof(providers));
    }

    /// <summary>Creates a chain.</summary>
    /// <param name="providers">The providers, asked in this order.</param>
    public SchemaProviderChain(params ISchemaProvider[] providers)
        : this((IEnumerable<ISchemaProvider>)providers) { }

    /// <summary>The providers in the order they are asked.</summary>
    public IReadOnlyList<ISchemaProvider> Providers { get; }

    /// <inheritdoc />
    public SchemaDefinition? Provide(string schemaClass, IReadOnlyDictionary<string, string> models)
    {
        foreach (var provider in Providers)
        {
            if (provider.Provide(schemaClass, models) is { } schema) return schema;
        }
        return null;
    }
}
