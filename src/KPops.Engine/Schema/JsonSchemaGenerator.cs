using System.Text.Json;
using System.Text.Json.Nodes;
using KPops.Engine.Config;
using KPops.Engine.Model.Specs;
using KPops.Engine.Model.Types;
using KPops.Engine.Yaml;

namespace KPops.Engine.Schema;

/// <summary>Which file a schema describes.</summary>
public enum SchemaKind
{
    /// <summary>pipeline.yaml and pipeline_&lt;env&gt;.yaml: a list of components, discriminated by <c>type</c>.</summary>
    Pipeline,

    /// <summary>defaults.yaml: one optional section per component type (abstract types included).</summary>
    Defaults,

    /// <summary>config.yaml.</summary>
    Config,
}

/// <summary>
/// JSON Schemas (draft-07, as editors' YAML language servers expect) derived from the same specs that validate the
/// files, so the schema and the loader can never disagree. Custom types are included.
/// </summary>
public static class JsonSchemaGenerator
{
    private const string Draft = "http://json-schema.org/draft-07/schema#";

    /// <summary>The schema as indented JSON text.</summary>
    public static string Generate(SchemaKind kind, ComponentTypeRegistry registry) =>
        Build(kind, registry).ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>The schema as a JSON object.</summary>
    public static JsonObject Build(SchemaKind kind, ComponentTypeRegistry registry)
    {
        var writer = new Writer(requireFields: kind != SchemaKind.Defaults);
        JsonObject root;
        switch (kind)
        {
            case SchemaKind.Pipeline:
                var concrete = registry.ConcreteTypes.ToList();
                foreach (var type in concrete) writer.Component(type, requireName: true);
                root = new JsonObject
                {
                    ["$schema"] = Draft,
                    ["title"] = "KPops pipeline",
                    ["description"] = "The components of a pipeline, in deployment order.",
                    ["type"] = "array",
                    ["items"] = new JsonObject
                    {
                        ["discriminator"] = new JsonObject
                        {
                            ["propertyName"] = "type",
                            ["mapping"] = new JsonObject(concrete.Select(t => KeyValuePair.Create(t.Name, (JsonNode?)Ref(t.Name)))),
                        },
                        ["oneOf"] = new JsonArray(concrete.Select(t => (JsonNode)new JsonObject { ["$ref"] = Ref(t.Name) }).ToArray()),
                    },
                };
                break;
            case SchemaKind.Defaults:
                var properties = new JsonObject();
                foreach (var type in registry.Types)
                {
                    writer.Component(type, requireName: false);
                    properties[type.Name] = new JsonObject { ["$ref"] = Ref(type.Name) };
                }
                root = new JsonObject
                {
                    ["$schema"] = Draft,
                    ["title"] = "KPops defaults",
                    ["description"] = "Defaults per component type; a type's defaults apply to it and to every type built on it.",
                    ["type"] = "object",
                    ["properties"] = properties,
                    ["additionalProperties"] = false,
                };
                break;
            default:
                root = writer.Object(ConfigSpecs.KpopsConfig);
                root["$schema"] = Draft;
                root["title"] = "KPops config";
                break;
        }
        root["definitions"] = writer.Definitions;
        return root;
    }

    private static string Ref(string name) => "#/definitions/" + name;

    private sealed class Writer(bool requireFields)
    {
        public JsonObject Definitions { get; } = new();

        public void Component(ComponentType type, bool requireName)
        {
            var schema = Object(type.Spec, requireName ? ["name"] : []);
            var properties = (JsonObject)schema["properties"]!;
            var withType = new JsonObject
            {
                ["type"] = new JsonObject { ["const"] = type.Name, ["description"] = "Component type." },
            };
            foreach (var (key, value) in properties.ToList())
            {
                properties.Remove(key);
                withType[key] = value;
            }
            schema["properties"] = withType;
            schema["title"] = type.Name;
            schema["description"] = type.Description;
            if (requireName) schema["required"] = new JsonArray("type", "name");
            Definitions[type.Name] = schema;
        }

        public JsonObject Object(ObjectSpec spec, IReadOnlyCollection<string>? required = null)
        {
            var properties = new JsonObject();
            var requiredFields = new JsonArray();
            foreach (var field in spec.Fields.Where(f => f.Forbidden is null && f.Deprecated is null))
            {
                var schema = Type(field.Type);
                schema["description"] = field.Description;
                if (field.Default is not null) schema["default"] = Json(field.Default());
                properties[field.Name] = field.Nullable && field.Default is null ? NullableOf(schema) : schema;
                foreach (var alias in field.Aliases)
                {
                    var copy = properties[field.Name]!.DeepClone().AsObject();
                    copy["description"] = $"Same as {field.Name}.";
                    properties[alias] = copy;
                }
                if (requireFields && field.Required && field.Default is null && (required is null || required.Contains(field.Name))) requiredFields.Add(field.Name);
            }
            var result = new JsonObject
            {
                ["title"] = spec.Name,
                ["description"] = spec.Description,
                ["type"] = "object",
                ["properties"] = properties,
            };
            if (requiredFields.Count > 0) result["required"] = requiredFields;
            result["additionalProperties"] = spec.Extra switch
            {
                ExtraKeys.Forbid => false,
                _ when spec.ExtraType is not null => Type(spec.ExtraType),
                _ => true,
            };
            return result;
        }

        private JsonObject Type(TypeSpec type)
        {
            switch (type)
            {
                case StringType { AcceptScalars: true }:
                    return new JsonObject { ["type"] = new JsonArray("string", "number", "boolean") };
                case StringType s:
                    var text = new JsonObject { ["type"] = "string" };
                    if (s.RegexPattern is not null) text["pattern"] = s.RegexPattern;
                    if (s.Allowed is { Count: > 0 }) text["enum"] = new JsonArray(s.Allowed.Select(a => (JsonNode)a!).ToArray());
                    return text;
                case IntType:
                    return new JsonObject { ["type"] = "integer" };
                case BoolType:
                    return new JsonObject { ["type"] = "boolean" };
                case NumberType:
                    return new JsonObject { ["type"] = "number" };
                case ListType l:
                    return new JsonObject { ["type"] = "array", ["items"] = Type(l.Item) };
                case MapType m:
                    return new JsonObject { ["type"] = "object", ["additionalProperties"] = Type(m.Value) };
                case ObjectType o:
                    if (!Definitions.ContainsKey(o.Spec.Name))
                    {
                        Definitions[o.Spec.Name] = new JsonObject();   // placeholder against recursion
                        Definitions[o.Spec.Name] = Object(o.Spec);
                    }
                    return new JsonObject { ["$ref"] = Ref(o.Spec.Name) };
                case UnionType u:
                    return new JsonObject { ["anyOf"] = new JsonArray(u.Options.Select(o => (JsonNode)Type(o)).ToArray()) };
                default:
                    return new JsonObject();
            }
        }

        private static JsonObject NullableOf(JsonObject schema)
        {
            var description = schema["description"]?.DeepClone();
            schema.Remove("description");
            return new JsonObject { ["anyOf"] = new JsonArray(schema, new JsonObject { ["type"] = "null" }), ["description"] = description };
        }

        private static JsonNode? Json(YNode node) => node switch
        {
            YMap map => new JsonObject(map.Select(p => KeyValuePair.Create(p.Key, Json(p.Value)))),
            YSeq seq => new JsonArray(seq.Items.Select(Json).ToArray()),
            YScalar { Value: null } => null,
            YScalar { Value: bool b } => b,
            YScalar { Value: long l } => l,
            YScalar { Value: double d } => d,
            YScalar s => s.ToInvariantString(),
            _ => null,
        };
    }
}
