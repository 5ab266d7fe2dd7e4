using System.Globalization;
using KPops.Engine.Errors;
using KPops.Engine.Yaml;

namespace KPops.Engine.Model.Specs;

/// <summary>
/// Checks a tree against a spec and returns it normalised: aliases renamed to their output names, defaults filled
/// in, lax conversions applied (<c>"3"</c> for an integer field becomes 3), fields in spec order and extras after.
/// Every problem is reported with its location, and binding goes on so that all problems of an input are found in
/// one run.
/// </summary>
public static class SpecBinder
{
    /// <summary>Binds a value to a type.</summary>
    public static YNode Bind(YNode input, TypeSpec type, BindContext context)
    {
        switch (type)
        {
            case AnyType:
                return input;
            case ObjectType o:
                return input is YMap map ? BindObject(map, o.Spec, context) : Mismatch(input, type, context);
            case MapType m:
                if (input is not YMap entries) return Mismatch(input, type, context);
                var boundMap = new YMap { Location = entries.Location };
                foreach (var (key, value) in entries)
                {
                    // A mapping of plain values (topic configs, labels) refuses nulls as KPOps' models do; a null stands
                    // for an empty object or a free-form value elsewhere.
                    if (value is YScalar { IsNull: true } && m.Value is StringType or IntType or BoolType or NumberType)
                    {
                        context.Report(ErrorIds.InvalidFieldType, $"must not be null; expected {m.Value.Describe()}.", value.Location ?? entries.KeyLocation(key),
                            "Give a value or remove the key.", Join(context.Path, key));
                        continue;
                    }
                    boundMap.Set(key, value is YScalar { IsNull: true } ? value : Nested(context, key, value, m.Value), entries.KeyLocation(key));
                }
                return boundMap;
            case ListType l:
                if (input is not YSeq seq) return Mismatch(input, type, context);
                var boundSeq = new YSeq { Location = seq.Location };
                for (var i = 0; i < seq.Items.Count; i++)
                {
                    context.EnterIndex(i);
                    try
                    {
                        boundSeq.Items.Add(Bind(seq.Items[i], l.Item, context));
                    }
                    finally
                    {
                        context.Leave();
                    }
                }
                return boundSeq;
            case UnionType u:
                foreach (var option in u.Options)
                {
                    var trial = new BindContext(context.Subject, context.FallbackLocation) { Path = context.Path };
                    var result = Bind(input.DeepClone(), option, trial);
                    if (trial.Errors.Count == 0) return result;
                }
                return Mismatch(input, type, context);
            default:
                return input is YScalar scalar ? BindScalar(scalar, type, context) : Mismatch(input, type, context);
        }
    }

    /// <summary>Binds a mapping to an object spec.</summary>
    public static YMap BindObject(YMap input, ObjectSpec spec, BindContext context)
    {
        var output = new YMap { Location = input.Location };
        var fields = spec.Fields;
        for (var f = 0; f < fields.Count; f++)
        {
            var field = fields[f];
            string? key = null, again = null;
            var names = field.AllNames;
            for (var n = 0; n < names.Count; n++)
            {
                var name = names[n];
                if (!input.ContainsKey(name)) continue;
                if (key is null) key = name;
                else again ??= name;
            }
            if (again is not null)
            {
                context.Report(ErrorIds.InvalidFieldValue, $"{Echo.Quote(key!)} and {Echo.Quote(again)} name the same field; give it once.",
                    input.KeyLocation(again), $"Keep '{field.Name}'.", Join(context.Path, field.Name));
            }
            if (key is null)
            {
                // A default is bound like a given value, so the defaults of its own fields apply too.
                if (field.Default is not null) output[field.Name] = Nested(context, field.Name, field.Default(), field.Type);
                else if (field.Required)
                {
                    context.Report(ErrorIds.MissingField, $"the required field '{field.Name}' is missing.", input.Location,
                        $"Add '{field.Name}:' ({field.Type.Describe()}) to the component or to a defaults file.", context.Path.Length == 0 ? "" : context.Path);
                }
                continue;
            }
            var value = input[key];
            var keyLocation = input.KeyLocation(key);
            if (field.Deprecated is not null)
            {
                context.Warnings.Add($"{keyLocation ?? value.Location}: {context.Subject}: {field.Deprecated} It is ignored.");
                continue;
            }
            if (field.Forbidden is not null)
            {
                context.Report(field.ForbiddenErrorId, field.Forbidden, keyLocation ?? value.Location, path: Join(context.Path, key));
                continue;
            }
            if (value is YScalar { IsNull: true })
            {
                if (!field.Nullable)
                {
                    context.Report(ErrorIds.InvalidFieldType, $"must not be null; expected {field.Type.Describe()}.", value.Location ?? keyLocation,
                        "Give a value or remove the key.", Join(context.Path, field.Name));
                }
                else output.Set(field.Name, value, keyLocation);
                continue;
            }
            output.Set(field.Name, Nested(context, field.Name, value, field.Type), keyLocation);
        }
        foreach (var (key, value) in input)
        {
            if (spec.IsFieldName(key)) continue;   // a field's name or alias: bound above
            switch (spec.Extra)
            {
                case ExtraKeys.Allow:
                    output.Set(key, spec.ExtraType is null || value is YScalar { IsNull: true } ? value : Nested(context, key, value, spec.ExtraType), input.KeyLocation(key));
                    break;
                case ExtraKeys.Forbid:
                    var suggestion = Closest(key, spec.Fields.Select(f => f.Name));
                    context.Report(ErrorIds.UnknownField, $"unknown field {Echo.Quote(key)}.", input.KeyLocation(key) ?? value.Location,
                        suggestion is null ? $"Allowed fields: {string.Join(", ", spec.Fields.Select(f => f.Name))}." : $"Did you mean '{suggestion}'?",
                        context.Path);
                    break;
                case ExtraKeys.Ignore:
                    break;
            }
        }
        foreach (var rule in spec.Rules) rule(output, context);
        return output;
    }

    /// <summary>
    /// Adds the defaults of absent fields and renames aliases to field names, recursively, without checking anything.
    /// KPOps builds its model with defaults and dumps it by alias before substituting, so <c>${component.prefix}</c>
    /// sees the default prefix and <c>${component.values.kafka.applicationId}</c> finds a value written as
    /// <c>application_id</c>.
    /// </summary>
    public static void FillDefaults(YMap map, ObjectSpec spec) => Walk(map, spec, fillDefaults: true);

    /// <summary>
    /// Renames aliases (snake_case spellings, <c>from_</c>) to field names, recursively, so that inputs written with
    /// different spellings merge key by key. A key whose field name is also present is left for binding to report.
    /// </summary>
    public static void NormalizeAliases(YMap map, ObjectSpec spec) => Walk(map, spec, fillDefaults: false);

    private static void Walk(YMap map, ObjectSpec spec, bool fillDefaults)
    {
        var fields = spec.Fields;
        for (var f = 0; f < fields.Count; f++)
        {
            var field = fields[f];
            string? key = null;
            var names = field.AllNames;
            for (var n = 0; n < names.Count && key is null; n++)
            {
                if (map.ContainsKey(names[n])) key = names[n];
            }
            if (key is null)
            {
                if (!fillDefaults || field.Default is null) continue;
                key = field.Name;
                map[key] = field.Default();
            }
            else if (key != field.Name)
            {
                map.Rename(key, field.Name);   // the field name is absent, or FirstOrDefault would have found it
                key = field.Name;
            }
            WalkNested(map[key], field.Type, fillDefaults);
        }
    }

    private static void WalkNested(YNode value, TypeSpec type, bool fillDefaults)
    {
        switch (type)
        {
            case ObjectType o when value is YMap map:
                Walk(map, o.Spec, fillDefaults);
                break;
            case MapType m when value is YMap entries:
                foreach (var (_, item) in entries) WalkNested(item, m.Value, fillDefaults);
                break;
            case ListType l when value is YSeq seq:
                foreach (var item in seq.Items) WalkNested(item, l.Item, fillDefaults);
                break;
        }
    }

    private static YNode BindScalar(YScalar scalar, TypeSpec type, BindContext context)
    {
        var value = scalar.Value;
        switch (type)
        {
            case StringType s:
                string text;
                if (value is string str) text = str;
                else if (s.AcceptScalars && value is not null) text = scalar.ToInvariantString();
                else return Mismatch(scalar, type, context, value is null ? null
                    : Security.SecretMask.IsSecretKey(context.Path) ? "Write it in quotes." : $"Write it in quotes: \"{Echo.Text(scalar.ToInvariantString())}\".");
                if (s.Allowed is { Count: > 0 } && !s.Allowed.Contains(text, StringComparer.Ordinal))
                {
                    context.Report(ErrorIds.InvalidFieldValue, $"{Shown(text, context)} is not allowed; expected {s.Describe()}.", scalar.Location);
                    return scalar;
                }
                if (!s.Matches(text))
                {
                    context.Report(ErrorIds.InvalidFieldValue, $"{Shown(text, context)} does not match the pattern {s.RegexPattern}.", scalar.Location);
                    return scalar;
                }
                return ReferenceEquals(text, value) ? scalar : new YScalar(text) { Location = scalar.Location };
            case IntType i:
                long? number = value switch
                {
                    long l => l,
                    double d when d == Math.Floor(d) && !double.IsInfinity(d) => (long)d,
                    string t when long.TryParse(t.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
                    _ => null,
                };
                if (number is null) return Mismatch(scalar, type, context);
                if (i.Minimum is { } min && number < min)
                {
                    context.Report(ErrorIds.InvalidFieldValue, $"{number} is too small; the minimum is {min}.", scalar.Location);
                }
                else if (i.Maximum is { } max && number > max)
                {
                    context.Report(ErrorIds.InvalidFieldValue, $"{number} is too large; the maximum is {max}.", scalar.Location);
                }
                return value is long ? scalar : new YScalar(number.Value) { Location = scalar.Location };
            case BoolType:
                bool? flag = value switch
                {
                    bool b => b,
                    long l when l is 0 or 1 => l == 1,
                    string t => t.Trim().ToLowerInvariant() switch
                    {
                        "true" or "yes" or "on" or "1" or "t" or "y" => true,
                        "false" or "no" or "off" or "0" or "f" or "n" => false,
                        _ => null,
                    },
                    _ => null,
                };
                if (flag is null) return Mismatch(scalar, type, context);
                return value is bool ? scalar : new YScalar(flag.Value) { Location = scalar.Location };
            case NumberType:
                if (value is long or double) return scalar;
                if (value is string n && double.TryParse(n, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsedNumber))
                    return new YScalar(parsedNumber) { Location = scalar.Location };
                return Mismatch(scalar, type, context);
            default:
                return Mismatch(scalar, type, context);
        }
    }

    // A value under a secret key (a password written as a number) is never repeated in a message.
    private static string Shown(string value, BindContext context) =>
        Security.SecretMask.IsSecretKey(context.Path) ? "the value" : Echo.Quote(value);

    private static YNode Mismatch(YNode input, TypeSpec type, BindContext context, string? hint = null)
    {
        var shown = input is YScalar s ? " " + Shown(s.ToInvariantString(), context) : "";
        hint ??= type switch
        {
            ListType => "Write a YAML list (items starting with '- ', or [a, b]).",
            MapType or ObjectType => "Write a mapping (indented `key: value` lines, or {key: value}).",
            _ => $"Write {type.Describe()}.",
        };
        context.Report(ErrorIds.InvalidFieldType, $"expected {type.Describe()}, got {input.KindName}{shown}.", input.Location, hint);
        return input;
    }

    // The path is kept as segments and only spelled out when a problem is reported: most binds report none.
    private static YNode Nested(BindContext context, string key, YNode value, TypeSpec type)
    {
        context.EnterKey(key);
        try
        {
            return Bind(value, type, context);
        }
        finally
        {
            context.Leave();
        }
    }

    private static string Join(string path, string segment) => BindContext.Join(path, segment);

    /// <summary>The candidate closest to a mistyped key, when it is close enough to be a likely typo.</summary>
    public static string? Closest(string key, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        var threshold = Math.Max(2, key.Length / 3);
        foreach (var candidate in candidates)
        {
            // The distance is at least the difference in length: a far longer key (a 20 MB one) is never compared.
            if (Math.Abs(key.Length - candidate.Length) > threshold) continue;
            var distance = Levenshtein(key.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance) (best, bestDistance) = (candidate, distance);
        }
        return best is not null && bestDistance <= threshold ? best : null;
    }

    private static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
