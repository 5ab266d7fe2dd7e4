using CsCheck;
using KPops.Engine.Errors;
using KPops.Engine.Yaml;

namespace KPops.Tests.Unit.Yaml;

/// <summary>
/// The mapping keeps insertion order, key locations and lookups the same whether it is searched (few keys) or indexed
/// (more than <see cref="YMap.IndexThreshold"/>), and enumerating stays safe while it changes.
/// </summary>
public class YMapTests
{
    private static YScalar V(object? value) => new(value);

    private static SourceLocation At(int line) => new("f.yaml", line, 1);

    [Fact]
    public void Random_changes_give_the_same_mapping_as_an_ordered_list_model()
    {
        // Keys from a small alphabet so that sets, removes, renames and inserts hit existing keys often, and counts cross
        // the index threshold both ways.
        var key = Gen.Int[0, 14].Select(i => "k" + i);
        var operation = Gen.OneOf(
            Gen.Select(key, Gen.Int[0, 99], (k, v) => (Op: 0, K: k, K2: "", V: v)),
            Gen.Select(key, Gen.Int[0, 99], (k, v) => (Op: 1, K: k, K2: "", V: v)),
            key.Select(k => (Op: 2, K: k, K2: "", V: 0)),
            Gen.Select(key, key, (a, b) => (Op: 3, K: a, K2: b, V: 0)),
            Gen.Select(key, Gen.Int[0, 20], (k, i) => (Op: 4, K: k, K2: "", V: i)));
        operation.Array[0, 80].Sample(operations =>
        {
            var map = new YMap();
            var model = new List<(string Key, long Value, int? Line)>();
            foreach (var (op, k, k2, v) in operations)
            {
                var at = model.FindIndex(e => e.Key == k);
                switch (op)
                {
                    case 0:   // set without a location: keeps the known one
                        map[k] = V((long)v);
                        if (at >= 0) model[at] = (k, v, model[at].Line);
                        else model.Add((k, v, null));
                        break;
                    case 1:   // set with a location
                        map.Set(k, V((long)v), At(v));
                        if (at >= 0) model[at] = (k, v, v);
                        else model.Add((k, v, v));
                        break;
                    case 2:
                        Assert.Equal(at >= 0, map.Remove(k));
                        if (at >= 0) model.RemoveAt(at);
                        break;
                    case 3:   // rename k to k2: the old position, the old location; a k2 elsewhere goes
                        map.Rename(k, k2);
                        if (at >= 0 && k != k2)
                        {
                            var entry = model[at];
                            model.RemoveAt(at);
                            var other = model.FindIndex(e => e.Key == k2);
                            if (other >= 0) model.RemoveAt(other);
                            model.Insert(Math.Min(at, model.Count), (k2, entry.Value, entry.Line));
                        }
                        break;
                    case 4:   // insert at a position, without a location
                        map.Insert(v, k, V(-1L));
                        if (at >= 0) model.RemoveAt(at);
                        model.Insert(Math.Clamp(v, 0, model.Count), (k, -1, null));
                        break;
                }
            }
            Assert.Equal(model.Select(e => e.Key), map.Keys);
            Assert.Equal(model.Count, map.Count);
            Assert.Equal(model.Select(e => e.Key), map.Select(p => p.Key));
            foreach (var (k, value, line) in model)
            {
                Assert.True(map.ContainsKey(k));
                Assert.Equal((object)value, ((YScalar)map[k]).Value);
                Assert.Equal(line, map.KeyLocation(k)?.Line);
            }
            for (var i = 0; i < 15; i++)
            {
                if (model.All(e => e.Key != "k" + i)) Assert.Null(map.Get("k" + i));
            }
            Assert.True(map.DeepClone().ValueEquals(map));
        });
    }

    [Theory]
    [InlineData(3)]
    [InlineData(20)]
    public void An_enumeration_goes_over_the_keys_of_its_start_with_their_current_values(int size)
    {
        var map = new YMap();
        for (var i = 0; i < size; i++) map[$"k{i}"] = V((long)i);
        var seen = new List<string>();
        foreach (var (key, value) in map)
        {
            seen.Add($"{key}={((YScalar)value).Value}");
            if (key == "k0")
            {
                map["k1"] = V(100L);     // replaced later in the enumeration: seen with its new value
                map["added"] = V(7L);    // appended: not part of this enumeration
            }
            if (key == "k1") map.Remove("k0");   // moves entries: the enumeration goes on over what it started with
        }
        Assert.Equal(["k0=0", "k1=100", .. Enumerable.Range(2, size - 2).Select(i => $"k{i}={i}")], seen);
        Assert.Equal([.. Enumerable.Range(1, size - 1).Select(i => $"k{i}"), "added"], map.Keys);
    }

    [Fact]
    public void Renaming_every_key_while_enumerating_keeps_the_order()
    {
        var map = new YMap();
        for (var i = 0; i < 12; i++) map.Set($"k_{i}", V((long)i), At(i + 1));
        foreach (var (key, _) in map) map.Rename(key, key.Replace('_', '-'));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"k-{i}"), map.Keys);
        Assert.Equal(12, map.KeyLocation("k-11")?.Line);
        Assert.False(map.ContainsKey("k_3"));
    }

    [Fact]
    public void A_missing_key_is_a_KeyNotFoundException_that_names_it_briefly()
    {
        var map = new YMap { ["a"] = V(1L) };
        var error = Assert.Throws<KeyNotFoundException>(() => map[new string('x', 10_000)]);
        Assert.True(error.Message.Length < 200, error.Message);
    }
}
