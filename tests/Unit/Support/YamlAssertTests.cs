namespace KPops.Tests.Unit.Support;

/// <summary>The golden-file comparer must see real differences and ignore formatting.</summary>
public class YamlAssertTests
{
    [Fact]
    public void Key_order_and_quoting_style_do_not_matter()
    {
        YamlAssert.Equivalent("a: 1\nb: 'x'\nc: [1, 2]\n", "b: x\nc:\n  - 1\n  - 2\na: 1\n");
    }

    [Fact]
    public void A_string_is_not_the_number_it_spells()
    {
        var e = Assert.ThrowsAny<Exception>(() => YamlAssert.Equivalent("a: '1'\n", "a: 1\n"));
        Assert.Contains("$.a", e.Message);
    }

    [Fact]
    public void Missing_unexpected_and_changed_entries_are_all_listed()
    {
        var e = Assert.ThrowsAny<Exception>(() => YamlAssert.Equivalent("a: 1\nb: {c: 2}\nl: [x]\n", "b: {c: 3}\nd: 4\nl: [x, y]\n"));
        Assert.Contains("$.a: missing", e.Message);
        Assert.Contains("$.d: unexpected", e.Message);
        Assert.Contains("$.b.c: expected 2", e.Message);
        Assert.Contains("$.l: expected 1 items but was 2", e.Message);
    }

    [Fact]
    public void Empty_mapping_differs_from_null()
    {
        Assert.ThrowsAny<Exception>(() => YamlAssert.Equivalent("a: {}\n", "a:\n"));
    }
}
