using KPops.Engine.Yaml;

namespace KPops.Engine.Model.Specs;

/// <summary>How a bound tree is written out.</summary>
public enum SerializeMode
{
    /// <summary>As KPOps' generate prints it: nulls and empty optional collections left out, plain defaults kept.</summary>
    Generate,

    /// <summary>As Helm values files: nulls and every value equal to its default left out, extras kept.</summary>
    HelmValues,
}

/// <summary>Writes bound trees in field order, leaving out what the output mode leaves out.</summary>
public static class SpecSerializer
{
    /// <summary>Serialises a bound value of a type.</summary>
    public static YNode Serialize(YNode node, TypeSpec type, SerializeMode mode)
    {
        switch (type)
        {
            case ObjectType o when node is YMap map:
                return SerializeObject(map, o.Spec, mode);
            case MapType m when node is YMap entries:
                var outMap = new YMap();
                foreach (var (key, value) in entries) outMap[key] = Serialize(value, m.Value, mode);
                return outMap;
            case ListType l when node is YSeq seq:
                return new YSeq(seq.Items.Select(i => Serialize(i, l.Item, mode)));
            case UnionType u:
                var objectOption = u.Options.OfType<ObjectType>().FirstOrDefault();
                return objectOption is not null && node is YMap ? Serialize(node, objectOption, mode) : node.DeepClone();
            default:
                return node.DeepClone();
        }
    }

    /// <summary>Serialises a bound object.</summary>
    public static YMap SerializeObject(YMap map, ObjectSpec spec, SerializeMode mode)
    {
        var output = new YMap();
        foreach (var field in spec.Fields)
        {
            if (!map.TryGetValue(field.Name, out var value)) continue;
            if (value is YScalar { IsNull: true }) continue;
            if (field.Omit == OmitRule.Always && mode == SerializeMode.Generate) continue;
            if (field.Omit == OmitRule.WhenEmpty && IsEmpty(value)) continue;
            if ((mode == SerializeMode.HelmValues || spec.OmitDefaults) && field.Default is not null && field.Default().ValueEquals(value)) continue;
            output[field.Name] = Serialize(value, field.Type, mode);
        }
        foreach (var (key, value) in map)
        {
            if (spec.Field(key) is not null) continue;
            output[key] = value.DeepClone();
        }
        return output;
    }

    private static bool IsEmpty(YNode value) => value is YMap { Count: 0 } or YSeq { Items.Count: 0 };
}
