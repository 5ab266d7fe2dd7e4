using KPops.Engine.Clients;
using KPops.Engine.Clients.SchemaRegistry;
using Xunit;

namespace KPops.Tests.Integration.SchemaRegistry;

/// <summary>Schema files by class name: lookup order, type by extension, unknown classes.</summary>
public sealed class FileSchemaProviderTests : IDisposable
{
    private static readonly Dictionary<string, string> NoModels = [];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "kpops-it-schemas-" + Guid.NewGuid().ToString("N"));
    private readonly FileSchemaProvider _provider;

    public FileSchemaProviderTests()
    {
        Directory.CreateDirectory(_folder);
        _provider = new FileSchemaProvider(_folder);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(_folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    [Theory]
    [InlineData("com.example.Value.avsc", SchemaType.Avro)]
    [InlineData("com.example.Value.json", SchemaType.Json)]
    [InlineData("com.example.Value.proto", SchemaType.Protobuf)]
    public void The_extension_decides_the_type(string file, SchemaType type)
    {
        Write(file, "schema text");

        var schema = _provider.Provide("com.example.Value", NoModels);

        Assert.NotNull(schema);
        Assert.Equal(("schema text", type), (schema.Text, schema.Type));
        Assert.Empty(schema.References);
    }

    [Fact]
    public void A_file_named_after_the_simple_class_name_is_found()
    {
        Write("DeadLetter.avsc", "dead letter");

        Assert.Equal("dead letter", _provider.Provide("com.bakdata.kafka.DeadLetter", NoModels)?.Text);
    }

    [Fact]
    public void A_file_in_a_folder_per_package_segment_is_found()
    {
        Write(Path.Combine("com", "example", "Value.proto"), "proto");

        var schema = _provider.Provide("com.example.Value", NoModels);

        Assert.Equal(("proto", SchemaType.Protobuf), (schema?.Text, schema?.Type));
    }

    [Fact]
    public void The_full_name_wins_over_the_package_folder_which_wins_over_the_simple_name()
    {
        Write("Value.avsc", "simple");
        Write(Path.Combine("com", "example", "Value.avsc"), "package");
        Assert.Equal("package", _provider.Provide("com.example.Value", NoModels)?.Text);

        Write("com.example.Value.json", "full");

        Assert.Equal("full", _provider.Provide("com.example.Value", NoModels)?.Text);
    }

    [Fact]
    public void Avro_wins_over_json_and_protobuf_under_the_same_name()
    {
        Write("com.example.Value.proto", "proto");
        Write("com.example.Value.json", "json");
        Write("com.example.Value.avsc", "avro");

        Assert.Equal(SchemaType.Avro, _provider.Provide("com.example.Value", NoModels)?.Type);
    }

    [Fact]
    public void Two_classes_with_the_same_simple_name_are_told_apart_by_their_full_names()
    {
        Write("com.a.Value.avsc", "a");
        Write("com.b.Value.avsc", "b");

        Assert.Equal(("a", "b"), (_provider.Provide("com.a.Value", NoModels)?.Text, _provider.Provide("com.b.Value", NoModels)?.Text));
    }

    [Fact]
    public void A_class_without_a_package_is_looked_up_by_its_name()
    {
        Write("Value.json", "{}");

        Assert.Equal(SchemaType.Json, _provider.Provide("Value", NoModels)?.Type);
        Assert.Equal(3, _provider.Candidates("Value").Count);
    }

    [Fact]
    public void An_unknown_class_gives_null()
    {
        Write("com.example.Other.avsc", "other");

        Assert.Null(_provider.Provide("com.example.Value", NoModels));
    }

    [Fact]
    public void A_missing_folder_gives_null()
    {
        var provider = new FileSchemaProvider(Path.Combine(_folder, "missing"));

        Assert.Null(provider.Provide("com.example.Value", NoModels));
    }

    [Theory]
    [InlineData("../secret")]
    [InlineData("com/example/Value")]
    [InlineData("com..example")]
    [InlineData("")]
    [InlineData("/etc/passwd")]
    public void A_name_that_is_not_a_class_name_gives_null_and_reads_nothing(string name)
    {
        Write("secret.avsc", "secret");
        Write(Path.Combine("com", "example", "Value.avsc"), "value");

        Assert.Null(_provider.Provide(name, NoModels));
        Assert.Empty(_provider.Candidates(name));
    }

    [Fact]
    public void Candidates_list_the_lookup_order()
    {
        var expected = new[]
        {
            "com.example.Value.avsc", "com.example.Value.json", "com.example.Value.proto",
            Path.Combine("com", "example", "Value.avsc"), Path.Combine("com", "example", "Value.json"), Path.Combine("com", "example", "Value.proto"),
            "Value.avsc", "Value.json", "Value.proto",
        }.Select(f => Path.Combine(_folder, f));

        Assert.Equal(expected, _provider.Candidates("com.example.Value"));
    }

    [Fact]
    public void A_relative_folder_is_taken_from_the_current_directory()
    {
        Assert.Equal(Path.GetFullPath("schemas"), new FileSchemaProvider("schemas").Folder);
    }

    [Fact]
    public void Changed_files_are_read_again()
    {
        Write("Value.avsc", "one");
        Assert.Equal("one", _provider.Provide("Value", NoModels)?.Text);

        Write("Value.avsc", "two");

        Assert.Equal("two", _provider.Provide("Value", NoModels)?.Text);
    }
}
