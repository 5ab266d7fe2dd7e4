using KPops.Engine.Yaml;

namespace KPops.Tests.Unit.Yaml;

public class YamlWriterTests
{
    private static YNode? RoundTrip(YNode node) => YamlReader.Read(YamlWriter.Write(node), "roundtrip.yaml");

    [Theory]
    [InlineData("true")]
    [InlineData("on")]
    [InlineData("no")]
    [InlineData("017")]
    [InlineData("0x10")]
    [InlineData("1e5")]
    [InlineData("0o17")]
    [InlineData("3.5")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("")]
    [InlineData("12:30")]
    public void Strings_that_look_like_other_types_are_quoted_and_read_back_as_strings(string text)
    {
        var written = YamlWriter.Write(new YMap { ["k"] = new YScalar(text) });
        Assert.Contains("'", written);
        var read = (YMap)YamlReader.Read(written, "w.yaml")!;
        Assert.Equal(text, ((YScalar)read["k"]).Value);
    }

    [Fact]
    public void Ordinary_strings_are_written_plain()
    {
        Assert.Equal("k: hello-world\n", YamlWriter.Write(new YMap { ["k"] = new YScalar("hello-world") }));
        Assert.Equal("k: 3.6.1\n", YamlWriter.Write(new YMap { ["k"] = new YScalar("3.6.1") }));
    }

    [Fact]
    public void Scalars_of_every_type_round_trip()
    {
        var map = new YMap
        {
            ["int"] = new YScalar(42L),
            ["negative"] = new YScalar(-7L),
            ["float"] = new YScalar(1.5),
            ["whole-float"] = new YScalar(2.0),
            ["bool"] = new YScalar(false),
            ["null"] = YScalar.Null(),
            ["text"] = new YScalar("x"),
        };
        Assert.True(map.ValueEquals(RoundTrip(map)));
    }

    [Fact]
    public void Whole_float_is_written_with_a_decimal_point()
    {
        Assert.Equal("k: 2.0\n", YamlWriter.Write(new YMap { ["k"] = new YScalar(2.0) }));
    }

    [Fact]
    public void List_items_are_indented_under_their_key()
    {
        var yaml = YamlWriter.Write(new YMap { ["topics"] = new YSeq([new YScalar("a"), new YScalar("b")]) });
        Assert.Equal("topics:\n  - a\n  - b\n", yaml);
    }

    [Fact]
    public void Empty_collections_are_written_in_flow_style()
    {
        var yaml = YamlWriter.Write(new YMap { ["m"] = new YMap(), ["l"] = new YSeq() });
        Assert.Equal("m: {}\nl: []\n", yaml);
    }

    [Fact]
    public void Multi_line_strings_use_literal_block_style()
    {
        var yaml = YamlWriter.Write(new YMap { ["script"] = new YScalar("line one\nline two\n") });
        Assert.StartsWith("script: |", yaml);
        var read = (YMap)YamlReader.Read(yaml, "w.yaml")!;
        Assert.Equal("line one\nline two\n", ((YScalar)read["script"]).Value);
    }

    [Fact]
    public void Multi_line_strings_with_trailing_spaces_still_round_trip()
    {
        var map = new YMap { ["s"] = new YScalar("a  \nb") };
        Assert.True(map.ValueEquals(RoundTrip(map)));
    }

    [Fact]
    public void Keys_keep_their_order_unless_sorted()
    {
        var map = new YMap { ["b"] = new YScalar(1L), ["a"] = new YScalar(2L) };
        Assert.Equal("b: 1\na: 2\n", YamlWriter.Write(map));
        Assert.Equal("a: 2\nb: 1\n", YamlWriter.Write(map, sortKeys: true));
    }

    [Fact]
    public void Keys_that_look_like_other_types_are_quoted()
    {
        var map = new YMap { ["on"] = new YScalar("x"), ["1"] = new YScalar("y") };
        var read = (YMap)YamlReader.Read(YamlWriter.Write(map), "w.yaml")!;
        Assert.Equal(["on", "1"], read.Keys);
    }

    [Theory]
    [InlineData(1e20, "1.0e+20")]
    [InlineData(1e-5, "1.0e-05")]
    [InlineData(1e16, "1.0e+16")]
    [InlineData(1.5e300, "1.5e+300")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(0.0001, "0.0001")]
    public void Floats_are_written_as_pyyaml_does_so_they_read_back_as_floats(double value, string expected)
    {
        var yaml = YamlWriter.Write(new YMap { ["k"] = new YScalar(value) });
        Assert.Equal($"k: {expected}\n", yaml);
        Assert.Equal(value, ((YScalar)((YMap)YamlReader.Read(yaml, "f.yaml")!)["k"]).Value);
    }

    [Theory]
    [InlineData(1e20, "1e+20")]
    [InlineData(1e-5, "1e-05")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1234567890123456.0, "1234567890123456.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(100.0, "100.0")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(-0.0, "-0.0")]
    public void Floats_print_as_python_str(double value, string expected) => Assert.Equal(expected, new YScalar(value).ToPythonString());

    [Fact]
    public void Smallest_and_largest_integers_round_trip()
    {
        var map = new YMap { ["min"] = new YScalar(long.MinValue), ["max"] = new YScalar(long.MaxValue) };
        Assert.True(map.ValueEquals(RoundTrip(map)));
    }

    [Fact]
    public void Strings_of_only_line_breaks_round_trip()
    {
        var map = new YMap { ["one"] = new YScalar("\n"), ["two"] = new YScalar("\n\n"), ["blank"] = new YScalar(" \n ") };
        Assert.True(map.ValueEquals(RoundTrip(map)));
    }

    [Theory]
    [InlineData("a *b")]
    [InlineData("_ *'")]
    [InlineData("c] @[ *9a>z")]
    public void Keys_with_an_alias_indicator_inside_are_quoted_and_read_back(string key)
    {
        var map = new YMap { [key] = new YScalar(1L) };
        Assert.True(map.ValueEquals(RoundTrip(map)));
    }
}
