using System.Reflection;
using System.Text.RegularExpressions;
using KPops.Engine.Clients;
using KPops.Engine.Errors;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Errors;

/// <summary>
/// The ErrorId catalog (<see cref="ErrorIds"/>) is the only source of ids, every id in it is used, and
/// about_KPops_Errors explains each one.
/// </summary>
public sealed partial class ErrorCatalogTests
{
    private static readonly List<string> Catalog = typeof(ErrorIds)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    private static IEnumerable<(string Path, string Text)> SourceFiles() =>
        Directory.EnumerateFiles(Path.Combine(TestPaths.RepositoryRoot, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Path.GetRelativePath(TestPaths.RepositoryRoot, f), File.ReadAllText(f)));

    // An id written as a literal where an error is made: new KPopsException("Id", ...), context.Report("Id", ...),
    // or new ErrorRecord(exception, "Id", ErrorCategory...).
    [GeneratedRegex("""(KPopsException\(\s*"|\.Report\(\s*"|ErrorRecord\([^;]*?,\s*")(?<id>[A-Za-z]+)"\s*,""", RegexOptions.Singleline)]
    private static partial Regex LiteralId();

    [GeneratedRegex(@"ErrorIds\.(?<id>[A-Za-z]+)")]
    private static partial Regex CatalogReference();

    [Fact]
    public void No_error_is_made_with_a_literal_id_outside_the_catalog()
    {
        var literals = SourceFiles()
            .SelectMany(f => LiteralId().Matches(f.Text).Select(m => $"{f.Path}: {m.Groups["id"].Value}"))
            .ToList();

        Assert.Empty(literals);
    }

    [Fact]
    public void Every_id_of_the_catalog_is_used_by_the_source()
    {
        var used = SourceFiles()
            .Where(f => !f.Path.EndsWith("ErrorIds.cs", StringComparison.Ordinal))
            .SelectMany(f => CatalogReference().Matches(f.Text).Select(m => m.Groups["id"].Value))
            .ToHashSet(StringComparer.Ordinal);

        var unused = Catalog.Where(id => !used.Contains(id)).ToList();

        Assert.Empty(unused);
    }

    [Fact]
    public void Every_id_of_a_failed_remote_call_is_in_the_catalog()
    {
        var ids = Enum.GetValues<Service>()
            .SelectMany(s => Enum.GetValues<ErrorKind>().Select(k => ServiceException.ErrorIdFor(s, k)))
            .Distinct()
            .ToList();

        Assert.Equal(Enum.GetValues<Service>().Length * 2, ids.Count);
        Assert.All(ids, id => Assert.Contains(id, Catalog));
    }

    [Fact]
    public void Every_id_of_the_catalog_is_explained_in_about_KPops_Errors_with_its_meaning_and_fix()
    {
        var help = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "module", "about_KPops_Errors.help.txt")).ReplaceLineEndings("\n");

        var missing = Catalog.Where(id => !Regex.IsMatch(help, $@"\n    {id}\n        Meaning: [^\n]+(\n        (?!Fix: )[^\n]+)*\n        Fix: ")).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void The_catalog_has_no_id_twice()
    {
        Assert.Equal(Catalog.Count, Catalog.Distinct(StringComparer.Ordinal).Count());
    }
}
