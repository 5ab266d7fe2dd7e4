using KPops.Engine.Config;
using KPops.Engine.Errors;

namespace KPops.Tests.Unit.Config;

public class DotEnvFileTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    private static IReadOnlyDictionary<string, string> Parse(string text, IReadOnlyDictionary<string, string>? environment = null) =>
        DotEnvFile.Parse(text, "/p/.env", environment ?? NoEnvironment);

    [Fact]
    public void Key_value_lines_comments_and_export_are_read()
    {
        var values = Parse("# comment\nA=1\n\nexport B = two \nC=value # trailing comment\n");
        Assert.Equal("1", values["A"]);
        Assert.Equal("two", values["B"]);
        Assert.Equal("value", values["C"]);
        Assert.Equal(3, values.Count);
    }

    [Fact]
    public void Single_quotes_are_literal_and_double_quotes_unescape()
    {
        var values = Parse("S='a ${X} # not a comment'\nD=\"line\\nnext \\\"q\\\"\"\n", new Dictionary<string, string> { ["X"] = "x" });
        Assert.Equal("a ${X} # not a comment", values["S"]);
        Assert.Equal("line\nnext \"q\"", values["D"]);
    }

    [Fact]
    public void Quoted_value_may_span_lines()
    {
        var values = Parse("CERT=\"-----BEGIN-----\nabc\n-----END-----\"\nNEXT=1\n");
        Assert.Equal("-----BEGIN-----\nabc\n-----END-----", values["CERT"]);
        Assert.Equal("1", values["NEXT"]);
    }

    [Fact]
    public void Variables_expand_from_the_environment_then_earlier_entries_with_fallbacks()
    {
        var values = Parse("HOST=db\nURL=${HOST}:${PORT:-5432}/${USER}\n", new Dictionary<string, string> { ["USER"] = "me" });
        Assert.Equal("db:5432/me", values["URL"]);
    }

    [Fact]
    public void Later_key_overrides_an_earlier_one()
    {
        Assert.Equal("2", Parse("A=1\nA=2\n")["A"]);
    }

    [Fact]
    public void Line_without_equals_sign_is_an_error_at_its_line()
    {
        var e = Assert.Throws<KPopsException>(() => Parse("A=1\nnot a setting\n"));
        Assert.Equal(ErrorIds.DotEnvInvalid, e.ErrorId);
        Assert.Equal(new SourceLocation("/p/.env", 2, 1), e.Location);
        Assert.Contains("KEY=value", e.Hint);
    }

    [Fact]
    public void Line_starting_with_equals_sign_is_an_error()
    {
        var e = Assert.Throws<KPopsException>(() => Parse("=value\n"));
        Assert.Equal(ErrorIds.DotEnvInvalid, e.ErrorId);
        Assert.Equal(1, e.Location!.Line);
    }

    [Fact]
    public void Unclosed_quote_is_an_error()
    {
        var e = Assert.Throws<KPopsException>(() => Parse("A='open\nB=2\n"));
        Assert.Equal(ErrorIds.DotEnvInvalid, e.ErrorId);
        Assert.Contains("Unclosed", e.Message);
    }

    [Fact]
    public void Windows_line_endings_are_accepted()
    {
        var values = Parse("A=1\r\nB=2\r\n");
        Assert.Equal("1", values["A"]);
        Assert.Equal("2", values["B"]);
    }
}
