using KPops.Engine.Errors;
using KPops.Engine.Yaml;

namespace KPops.Tests.Unit.Yaml;

public class YamlReaderTests
{
    private const string File = "/virtual/file.yaml";

    private static object? ValueOf(string plainScalar) =>
        ((YScalar)((YMap)YamlReader.Read("key: " + plainScalar, File)!)["key"]).Value;

    [Theory]
    [InlineData("on")]
    [InlineData("On")]
    [InlineData("yes")]
    [InlineData("YES")]
    [InlineData("true")]
    [InlineData("True")]
    public void Yaml11_truthy_words_read_as_true(string text) => Assert.Equal(true, ValueOf(text));

    [Theory]
    [InlineData("off")]
    [InlineData("no")]
    [InlineData("No")]
    [InlineData("false")]
    public void Yaml11_falsy_words_read_as_false(string text) => Assert.Equal(false, ValueOf(text));

    [Fact]
    public void Leading_zero_integer_is_octal() => Assert.Equal(15L, ValueOf("017"));

    [Fact]
    public void Hexadecimal_integer_is_read() => Assert.Equal(31L, ValueOf("0x1F"));

    [Fact]
    public void Binary_and_underscored_integers_are_read()
    {
        Assert.Equal(5L, ValueOf("0b101"));
        Assert.Equal(1000000L, ValueOf("1_000_000"));
    }

    [Fact]
    public void Integers_at_the_limits_of_long_are_read()
    {
        Assert.Equal(long.MinValue, ValueOf("-9223372036854775808"));
        Assert.Equal(long.MaxValue, ValueOf("9223372036854775807"));
    }

    [Fact]
    public void Integer_beyond_long_stays_text() => Assert.Equal("9223372036854775808", ValueOf("9223372036854775808"));

    [Theory]
    [InlineData("0x_")]
    [InlineData("0b_")]
    public void Integer_prefix_without_digits_stays_text(string text) => Assert.IsType<string>(ValueOf(text));

    [Fact]
    public void Sexagesimal_integer_is_read_as_pyyaml_does() => Assert.Equal(750L, ValueOf("12:30"));

    [Fact]
    public void Exponent_without_dot_stays_a_string() => Assert.Equal("1e5", ValueOf("1e5"));

    [Fact]
    public void Exponent_with_dot_and_sign_is_a_float() => Assert.Equal(100000.0, ValueOf("1.0e+5"));

    [Fact]
    public void Yaml12_octal_prefix_stays_a_string() => Assert.Equal("0o17", ValueOf("0o17"));

    [Fact]
    public void Version_number_stays_a_string() => Assert.Equal("3.6.1", ValueOf("3.6.1"));

    [Fact]
    public void Decimal_is_a_float() => Assert.Equal(3.5, ValueOf("3.5"));

    [Theory]
    [InlineData("~")]
    [InlineData("null")]
    [InlineData("Null")]
    [InlineData("")]
    public void Null_spellings_read_as_null(string text) => Assert.Null(ValueOf(text));

    [Fact]
    public void Infinity_and_nan_are_floats()
    {
        Assert.Equal(double.PositiveInfinity, ValueOf(".inf"));
        Assert.Equal(double.NegativeInfinity, ValueOf("-.inf"));
        Assert.True(double.IsNaN((double)ValueOf(".nan")!));
    }

    [Theory]
    [InlineData("'on'", "on")]
    [InlineData("\"017\"", "017")]
    [InlineData("'3.6.1'", "3.6.1")]
    [InlineData("\"~\"", "~")]
    [InlineData("'1e5'", "1e5")]
    public void Quoted_scalars_stay_strings(string text, string expected) => Assert.Equal(expected, ValueOf(text));

    [Fact]
    public void Timestamps_stay_strings() => Assert.Equal("2024-01-02", ValueOf("2024-01-02"));

    [Fact]
    public void Standard_tags_force_the_type()
    {
        Assert.Equal("17", ValueOf("!!str 17"));
        Assert.Equal(17L, ValueOf("!!int \"17\""));
        Assert.Equal(2.0, ValueOf("!!float 2"));
    }

    [Fact]
    public void Boolean_mapping_key_is_named_as_python_prints_it()
    {
        var map = (YMap)YamlReader.Read("on: 1\nnull: 2", File)!;
        Assert.Equal(["True", "None"], map.Keys);
    }

    [Fact]
    public void Every_node_knows_its_file_line_and_column()
    {
        var root = (YMap)YamlReader.Read("a:\n  b:\n    - x\n    - y: 1\n", File)!;
        var b = (YMap)root["a"];
        var seq = (YSeq)b["b"];
        Assert.Equal(new SourceLocation(File, 1, 1), root.KeyLocation("a"));
        Assert.Equal(new SourceLocation(File, 2, 3), b.KeyLocation("b"));
        Assert.Equal(new SourceLocation(File, 3, 7), seq.Items[0].Location);
        Assert.Equal(new SourceLocation(File, 4, 10), ((YMap)seq.Items[1])["y"].Location);
    }

    [Fact]
    public void Duplicate_key_is_an_error_at_the_second_key_naming_the_first_line()
    {
        var e = Assert.Throws<KPopsException>(() => YamlReader.Read("a: 1\nb: 2\na: 3\n", File));
        Assert.Equal(ErrorIds.YamlDuplicateKey, e.ErrorId);
        Assert.Equal(new SourceLocation(File, 3, 1), e.Location);
        Assert.Contains("'a'", e.Message);
        Assert.Contains("line 1", e.Message);
        Assert.NotNull(e.Hint);
    }

    [Fact]
    public void Duplicate_key_in_nested_mapping_is_found()
    {
        var e = Assert.Throws<KPopsException>(() => YamlReader.Read("outer:\n  x: 1\n  x: 2\n", File));
        Assert.Equal(ErrorIds.YamlDuplicateKey, e.ErrorId);
        Assert.Equal(3, e.Location!.Line);
        Assert.Equal(3, e.Location.Column);
    }

    [Fact]
    public void Alias_copies_the_anchored_value()
    {
        var root = (YMap)YamlReader.Read("a: &shared\n  x: 1\n  list: [1, 2]\nb: *shared\n", File)!;
        Assert.True(root["a"].ValueEquals(root["b"]));
        Assert.NotSame(root["a"], root["b"]);
    }

    [Fact]
    public void Merge_key_fills_in_keys_the_mapping_does_not_set()
    {
        var root = (YMap)YamlReader.Read("""
            base: &base
              image: app
              tag: "1"
            derived:
              <<: *base
              tag: "2"
            """, File)!;
        var derived = (YMap)root["derived"];
        Assert.Equal(["tag", "image"], derived.Keys);
        Assert.Equal("2", ((YScalar)derived["tag"]).Value);
        Assert.Equal("app", ((YScalar)derived["image"]).Value);
    }

    [Fact]
    public void Merge_key_with_a_list_prefers_earlier_sources()
    {
        var root = (YMap)YamlReader.Read("""
            one: &one {a: 1, b: 1}
            two: &two {b: 2, c: 2}
            merged:
              <<: [*one, *two]
            """, File)!;
        var merged = (YMap)root["merged"];
        Assert.Equal(1L, ((YScalar)merged["a"]).Value);
        Assert.Equal(1L, ((YScalar)merged["b"]).Value);
        Assert.Equal(2L, ((YScalar)merged["c"]).Value);
    }

    [Fact]
    public void Merge_key_with_a_scalar_is_an_error()
    {
        var e = Assert.Throws<KPopsException>(() => YamlReader.Read("a:\n  <<: 5\n", File));
        Assert.Equal(ErrorIds.YamlSyntax, e.ErrorId);
        Assert.Equal(2, e.Location!.Line);
    }

    [Fact]
    public void Unknown_alias_is_an_error()
    {
        var e = Assert.Throws<KPopsException>(() => YamlReader.Read("a: *nowhere\n", File));
        Assert.Equal(ErrorIds.YamlSyntax, e.ErrorId);
        Assert.Equal(1, e.Location!.Line);
    }

    [Fact]
    public void Several_documents_are_an_error_at_the_second_document()
    {
        var e = Assert.Throws<KPopsException>(() => YamlReader.Read("- a: 1\n---\n- b: 2\n", File));
        Assert.Equal(ErrorIds.YamlSyntax, e.ErrorId);
        Assert.Equal(2, e.Location!.Line);
        Assert.Contains("more than one YAML document", e.Message);
        Assert.Contains("---", e.Hint);
    }

    [Fact]
    public void Leading_document_marker_is_fine() => Assert.IsType<YSeq>(YamlReader.Read("---\n- a: 1\n", File));

    [Fact]
    public void Syntax_error_points_at_the_offending_line()
    {
        var e = Assert.Throws<KPopsException>(() => YamlReader.Read("a: 1\nb: [1, 2\nc: 3\n", File));
        Assert.Equal(ErrorIds.YamlSyntax, e.ErrorId);
        Assert.Equal(File, e.Location!.File);
        Assert.Equal(2, e.Location.Line);
        Assert.StartsWith("Invalid YAML", e.Message);
        Assert.NotNull(e.Hint);
    }

    [Fact]
    public void Bad_indentation_is_a_syntax_error_at_its_line()
    {
        var e = Assert.Throws<KPopsException>(() => YamlReader.Read("a:\n  b: 1\n c: 2\n", File));
        Assert.Equal(ErrorIds.YamlSyntax, e.ErrorId);
        Assert.Equal(3, e.Location!.Line);
    }

    [Fact]
    public void Empty_text_reads_as_null()
    {
        Assert.Null(YamlReader.Read("", File));
        Assert.Null(YamlReader.Read("# only a comment\n", File));
    }

    [Fact]
    public void Missing_file_is_FileNotFound()
    {
        var e = Assert.Throws<KPopsException>(() => YamlReader.ReadFile(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "nope.yaml")));
        Assert.Equal(ErrorIds.FileNotFound, e.ErrorId);
    }

    [Fact]
    public void Quoted_scalar_remembers_it_was_not_plain()
    {
        var map = (YMap)YamlReader.Read("a: '1'\nb: 1\n", File)!;
        Assert.False(((YScalar)map["a"]).Plain);
        Assert.True(((YScalar)map["b"]).Plain);
    }
}
