using KPops.Engine.Model.Specs;

namespace KPops.Engine.Model.Types;

/// <summary>Receives an enriched component and returns what takes its place: the component (or a replacement) first, then new components.</summary>
/// <param name="component">The enriched component.</param>
/// <returns>Components (existing <see cref="Component"/> objects or new pipeline entries as <see cref="Yaml.YMap"/>).</returns>
public delegate IReadOnlyList<object> InflateHandler(Component component);

/// <summary>
/// A component type: its name (the <c>type:</c> key), the types it inherits defaults from, its fields and its
/// behaviour. Built-in types mirror KPOps 11's classes; custom types add a name on top of any concrete type.
/// </summary>
public sealed class ComponentType
{
    internal ComponentType(string name, IReadOnlyList<string> ancestors, ObjectSpec spec, ComponentBehavior behavior, bool isAbstract, bool isBuiltIn, string description)
    {
        Name = name;
        Lineage = [name, .. ancestors];
        Spec = spec;
        Behavior = behavior;
        IsAbstract = isAbstract;
        IsBuiltIn = isBuiltIn;
        Description = description;
    }

    /// <summary>The type name, e.g. <c>streams-app</c>.</summary>
    public string Name { get; }

    /// <summary>This type and the types whose defaults it inherits, most specific first.</summary>
    public string[] Lineage { get; }

    /// <summary>The direct base type's name, or null for the root.</summary>
    public string? BaseType => Lineage.Length > 1 ? Lineage[1] : null;

    /// <summary>Abstract types are valid only as keys in defaults files.</summary>
    public bool IsAbstract { get; }

    /// <summary>True for the types that come with KPops.</summary>
    public bool IsBuiltIn { get; }

    /// <summary>What the type is for.</summary>
    public string Description { get; }

    /// <summary>Where a custom type was declared (a file), or null.</summary>
    public string? DeclaredIn { get; internal init; }

    internal ObjectSpec Spec { get; }

    internal ComponentBehavior Behavior { get; }

    /// <summary>
    /// Why the type is deprecated and how to move away from it (the streams-bootstrap 2 types), or null. Custom types
    /// built on a deprecated type carry its message.
    /// </summary>
    public string? Deprecation { get; internal init; }

    /// <summary>The optional hook that replaces a component of this type by several.</summary>
    public InflateHandler? Inflate { get; internal init; }

    /// <summary>True when this type is, or derives from, <paramref name="typeName"/>.</summary>
    public bool Is(string typeName) => Lineage.Contains(typeName, StringComparer.Ordinal);

    /// <inheritdoc />
    public override string ToString() => Name;
}
