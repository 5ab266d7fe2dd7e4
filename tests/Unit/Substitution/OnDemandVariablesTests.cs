using KPops.Engine.Substitution;
using KPops.Engine.Yaml;

namespace KPops.Tests.Unit.Substitution;

/// <summary>
/// A tree's variables flattened on demand are the variables of the tree as it was when it was added, as if flattened
/// at once: substitution into that same tree gives what it gave with eager flattening, pass for pass.
/// </summary>
public class OnDemandVariablesTests
{
    [Theory]
    // An escape changes a value before the first lookup: the lookup still sees the value before the pass.
    [InlineData("a: x$$\nb: ${component.a}\n")]
    // A key renamed before the first lookup, and a value that names it.
    [InlineData("${component.name}: 1\nname: n\nc: ${component.n}\n")]
    // A list item changed before a placeholder that names the list.
    [InlineData("l: [x$$, two]\nm: ${component.l}\n")]
    // Nested placeholders that need a second pass.
    [InlineData("type: t\nlabels: {t: x}\nv: ${component.labels.${component.type}}\n")]
    // Nothing to substitute.
    [InlineData("a: 1\nb: [x, {c: d}]\n")]
    public void Substituting_gives_what_eager_flattening_gives_pass_for_pass(string yaml)
    {
        var eager = (YMap)YamlReader.Read(yaml, "c.yaml")!;
        var onDemand = (YMap)eager.DeepClone();
        for (var pass = 0; pass < 4; pass++)
        {
            var eagerTable = new VariableTable();
            eagerTable.AddFlattened("component", eager);
            var lazyTable = new VariableTable();
            lazyTable.AddFlattenedOnDemand("component", onDemand);

            var eagerChanged = Substitutor.SubstituteInPlace(eager, eagerTable, retypePlain: false);
            var lazyChanged = Substitutor.SubstituteInPlace(onDemand, lazyTable, retypePlain: false);

            Assert.Equal(eagerChanged, lazyChanged);
            Assert.Equal(YamlWriter.Write(eager), YamlWriter.Write(onDemand));
        }
    }

    [Fact]
    public void Names_set_later_keep_the_precedence_they_have_with_eager_flattening()
    {
        var tree = (YMap)YamlReader.Read("a: tree\nb: tree\n", "c.yaml")!;
        var table = new VariableTable();
        table.AddFlattenedOnDemand("component", tree);
        table.TryAdd("component.a", "added");   // a flattened name stays
        table.Set("component.b", "set");        // a set name replaces it

        Assert.Equal("tree", table.Get("component.a"));
        Assert.Equal("set", table.Get("component.b"));
        Assert.Equal(2, table.Count);
    }
}
