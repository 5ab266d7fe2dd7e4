using KPops.Engine.Errors;
using KPops.Engine.Substitution;
using KPops.Engine.Yaml;

namespace KPops.Tests.Unit.Substitution;

public class TemplateTests
{
    private static VariableTable Vars(params (string Name, string Value)[] values)
    {
        var table = new VariableTable();
        foreach (var (name, value) in values) table.Set(name, value);
        return table;
    }

    [Fact]
    public void Bare_and_braced_placeholders_are_substituted()
    {
        var vars = Vars(("name", "app"));
        Assert.Equal("app-app", Substitutor.Substitute("$name-${name}", vars));
    }

    [Fact]
    public void Braced_placeholder_can_be_followed_by_name_characters()
    {
        Assert.Equal("appx", Substitutor.Substitute("${name}x", Vars(("name", "app"))));
        Assert.Equal("$namex", Substitutor.Substitute("$namex", Vars(("name", "app"))));
    }

    [Fact]
    public void Unknown_placeholders_stay_literally()
    {
        Assert.Equal("${NAMESPACE} and $OTHER", Substitutor.Substitute("${NAMESPACE} and $OTHER", Vars()));
    }

    [Fact]
    public void Double_dollar_becomes_one_dollar()
    {
        Assert.Equal("price: 5$", Substitutor.Substitute("price: 5$$", Vars()));
        Assert.Equal("$name", Template.SafeSubstitute("$$name", _ => "x"));
    }

    [Fact]
    public void Lone_dollar_stays()
    {
        Assert.Equal("a $ b", Substitutor.Substitute("a $ b", Vars()));
        Assert.Equal("ends with $", Substitutor.Substitute("ends with $", Vars()));
    }

    [Fact]
    public void Braced_name_with_a_hyphen_is_never_substituted()
    {
        var vars = Vars(("my-var", "hyphen"), ("my", "M"));
        Assert.Equal("${my-var}", Substitutor.Substitute("${my-var}", vars));
    }

    [Fact]
    public void Bare_name_ends_at_a_hyphen()
    {
        Assert.Equal("M-var", Substitutor.Substitute("$my-var", Vars(("my", "M"))));
    }

    [Fact]
    public void Dots_and_double_underscores_name_the_same_variable()
    {
        var vars = Vars(("config.kafka_brokers", "broker:9092"));
        Assert.Equal("broker:9092", Substitutor.Substitute("${config__kafka_brokers}", vars));
        Assert.Equal("broker:9092", Substitutor.Substitute("${config.kafka_brokers}", vars));
    }

    [Fact]
    public void Names_may_not_start_with_a_digit()
    {
        Assert.Equal("${1abc}", Substitutor.Substitute("${1abc}", Vars(("1abc", "x"))));
    }

    [Fact]
    public void Nested_placeholders_resolve_inside_out_by_repetition()
    {
        var vars = Vars(("component.type", "streams-app"), ("component.values.labels.streams-app", "unused"), ("labels.streams", "L"), ("kind", "streams"));
        Assert.Equal("L", Substitutor.Substitute("${labels.${kind}}", vars));
    }

    [Fact]
    public void Values_that_hold_placeholders_are_resolved_to_a_fixed_point()
    {
        var vars = Vars(("a", "${b}"), ("b", "${c}"), ("c", "end"));
        Assert.Equal("end", Substitutor.Substitute("${a}", vars));
    }

    [Fact]
    public void Placeholder_cycle_is_a_SubstitutionLoop_error_with_its_location()
    {
        var vars = Vars(("a", "${b}"), ("b", "${a}"));
        var location = new SourceLocation("/p/pipeline.yaml", 4, 7);
        var e = Assert.Throws<KPopsException>(() => Substitutor.Substitute("${a}", vars, location));
        Assert.Equal(ErrorIds.SubstitutionLoop, e.ErrorId);
        Assert.Equal(location, e.Location);
        Assert.Contains("infinite loop", e.Message);
        Assert.Contains("${a}", e.Message);
        Assert.NotNull(e.Hint);
    }

    [Fact]
    public void Self_reference_is_a_fixed_point_and_stays_literal()
    {
        Assert.Equal("${a}", Substitutor.Substitute("${a}", Vars(("a", "${a}"))));
    }

    [Fact]
    public void Placeholder_that_keeps_growing_is_reported_instead_of_hanging()
    {
        var e = Assert.Throws<KPopsException>(() => Substitutor.Substitute("${a}", Vars(("a", "x${a}"))));
        Assert.Equal(ErrorIds.SubstitutionLoop, e.ErrorId);
    }

    [Fact]
    public void Text_without_dollar_is_returned_as_is()
    {
        const string text = "no placeholders here";
        Assert.Same(text, Substitutor.Substitute(text, Vars(("no", "x"))));
    }

    [Fact]
    public void Lookup_falls_back_through_layers_and_the_top_layer_wins()
    {
        var env = Vars(("x", "env"), ("only_env", "E"));
        var config = new VariableTable(env);
        config.Set("x", "config");
        var component = new VariableTable(config);
        component.Set("x", "component");
        Assert.Equal("component E", Substitutor.Substitute("${x} ${only_env}", component));
    }

    [Fact]
    public void Flattened_values_are_printed_as_python_str()
    {
        var table = new VariableTable();
        var node = (YMap)YamlReader.Read("""
            flag: true
            no_flag: false
            none: null
            count: 3
            ratio: 0.5
            whole: 2.0
            list: [a, 1, true]
            nested: {k: v}
            quote: "it's"
            """, "v.yaml")!;
        table.AddFlattened("c", node);
        Assert.Equal("True", table.Get("c.flag"));
        Assert.Equal("False", table.Get("c.no_flag"));
        Assert.Equal("None", table.Get("c.none"));
        Assert.Equal("3", table.Get("c.count"));
        Assert.Equal("0.5", table.Get("c.ratio"));
        Assert.Equal("2.0", table.Get("c.whole"));
        Assert.Equal("['a', 1, True]", table.Get("c.list"));
        Assert.Equal("v", table.Get("c.nested.k"));
        Assert.Null(table.Get("c.nested"));
        Assert.Equal("it's", table.Get("c.quote"));
    }

    [Fact]
    public void List_of_strings_with_quotes_is_printed_with_python_repr()
    {
        var list = new YSeq([new YScalar("it's"), new YScalar("plain")]);
        Assert.Equal("[\"it's\", 'plain']", VariableTable.PythonText(list));
    }

    [Fact]
    public void Keys_of_mappings_are_substituted()
    {
        var map = (YMap)YamlReader.Read("${topic}:\n  partitions: 1\n", "k.yaml")!;
        Substitutor.SubstituteTree(map, Vars(("topic", "orders")), retypePlain: false);
        Assert.Equal(["orders"], map.Keys);
    }

    [Fact]
    public void Key_that_collides_after_substitution_is_an_error()
    {
        var map = (YMap)YamlReader.Read("orders: 1\n${topic}: 2\n", "k.yaml")!;
        var e = Assert.Throws<KPopsException>(() => Substitutor.SubstituteTree(map, Vars(("topic", "orders")), retypePlain: false));
        Assert.Equal(ErrorIds.YamlDuplicateKey, e.ErrorId);
        Assert.Equal(2, e.Location!.Line);
    }

    [Fact]
    public void Plain_scalars_are_typed_again_after_file_substitution()
    {
        var map = (YMap)YamlReader.Read("plain: ${n}\nquoted: \"${n}\"\nflag: ${b}\n", "t.yaml")!;
        Substitutor.SubstituteTree(map, Vars(("n", "3"), ("b", "on")), retypePlain: true);
        Assert.Equal(3L, ((YScalar)map["plain"]).Value);
        Assert.Equal("3", ((YScalar)map["quoted"]).Value);
        Assert.Equal(true, ((YScalar)map["flag"]).Value);
    }

    [Fact]
    public void Component_substitution_keeps_strings_strings()
    {
        var map = (YMap)YamlReader.Read("plain: ${n}\n", "t.yaml")!;
        Substitutor.SubstituteTree(map, Vars(("n", "3")), retypePlain: false);
        Assert.Equal("3", ((YScalar)map["plain"]).Value);
    }

    [Fact]
    public void Substitution_keeps_the_location_of_the_string()
    {
        var map = (YMap)YamlReader.Read("a: x\nb: ${n}\n", "t.yaml")!;
        Substitutor.SubstituteTree(map, Vars(("n", "v")), retypePlain: false);
        Assert.Equal(new SourceLocation("t.yaml", 2, 4), map["b"].Location);
    }
}
