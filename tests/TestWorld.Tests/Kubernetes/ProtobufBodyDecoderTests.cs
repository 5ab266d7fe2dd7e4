using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;
using KPops.TestWorld.Kubernetes.Protobuf;
using Xunit;

namespace KPops.TestWorld.Tests.Kubernetes;

/// <summary>
/// Protobuf request bodies as client-go's typed clients send them (helm's release storage). The bodies are built
/// here field by field after k8s.io/api's generated.proto, the way client-go encodes them.
/// </summary>
public sealed class ProtobufBodyDecoderTests : IClassFixture<KubernetesFixture>
{
    private readonly KubernetesFixture _fixture;

    public ProtobufBodyDecoderTests(KubernetesFixture fixture)
    {
        _fixture = fixture;
        fixture.Kube.Reset();
    }

    [Fact]
    public void A_release_secret_decodes_to_its_json_form()
    {
        var obj = ProtobufBodyDecoder.Decode(ReleaseSecret());

        Assert.Equal("v1", obj["apiVersion"]!.GetValue<string>());
        Assert.Equal("Secret", obj["kind"]!.GetValue<string>());
        Assert.Equal("sh.helm.release.v1.rel.v1", obj["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("x", obj["metadata"]!["namespace"]!.GetValue<string>());
        Assert.Equal("helm", obj["metadata"]!["labels"]!["owner"]!.GetValue<string>());
        Assert.Equal("deployed", obj["metadata"]!["labels"]!["status"]!.GetValue<string>());
        Assert.Equal("helm.sh/release.v1", obj["type"]!.GetValue<string>());
        Assert.Equal(Convert.ToBase64String("H4sI-release"u8), obj["data"]!["release"]!.GetValue<string>());
        Assert.Null(obj["metadata"]!["uid"]);
    }

    [Fact]
    public void Owner_references_and_finalizers_are_decoded()
    {
        var meta = Message(
            String(1, "cm"),
            Bytes(13, Message(String(1, "Deployment"), String(3, "d"), String(4, "uid-1"), String(5, "apps/v1"), Bool(6, true))),
            String(14, "keep"));

        var obj = ProtobufBodyDecoder.Decode(Envelope("v1", "ConfigMap", Message(Bytes(1, meta), Bytes(2, Entry("k", Encoding.UTF8.GetBytes("v"))))));

        var owner = obj["metadata"]!["ownerReferences"]![0]!;
        Assert.Equal(("Deployment", "d", "uid-1", "apps/v1", true),
            (owner["kind"]!.GetValue<string>(), owner["name"]!.GetValue<string>(), owner["uid"]!.GetValue<string>(), owner["apiVersion"]!.GetValue<string>(), owner["controller"]!.GetValue<bool>()));
        Assert.Equal("keep", obj["metadata"]!["finalizers"]![0]!.GetValue<string>());
        Assert.Equal("v", obj["data"]!["k"]!.GetValue<string>());
    }

    [Fact]
    public void Other_kinds_are_not_supported()
    {
        Assert.Throws<NotSupportedException>(() => ProtobufBodyDecoder.Decode(Envelope("apps/v1", "Deployment", Message())));
    }

    [Fact]
    public void A_body_without_the_magic_is_rejected()
    {
        Assert.Throws<NotSupportedException>(() => ProtobufBodyDecoder.Decode("{}"u8.ToArray()));
    }

    [Fact]
    public async Task A_protobuf_post_is_stored_and_answered_in_json()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_fixture.Kube.Endpoint) };
        using var content = new ByteArrayContent(ReleaseSecret());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.kubernetes.protobuf");

        using var response = await http.PostAsync("api/v1/namespaces/x/secrets", content);

        Assert.Equal(201, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var stored = _fixture.Kube.Get("v1", "Secret", "x", "sh.helm.release.v1.rel.v1");
        Assert.Equal("deployed", stored!["metadata"]!["labels"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_protobuf_delete_options_body_is_ignored()
    {
        _fixture.Kube.Put(System.Text.Json.Nodes.JsonNode.Parse("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s","namespace":"x"}}""")!.AsObject());
        using var http = new HttpClient { BaseAddress = new Uri(_fixture.Kube.Endpoint) };
        using var request = new HttpRequestMessage(HttpMethod.Delete, "api/v1/namespaces/x/secrets/s")
        {
            Content = new ByteArrayContent(Envelope("v1", "DeleteOptions", Message(String(4, "Background")))),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.kubernetes.protobuf");

        using var response = await http.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Null(_fixture.Kube.Get("v1", "Secret", "x", "s"));
    }

    private static byte[] ReleaseSecret()
    {
        var meta = Message(
            String(1, "sh.helm.release.v1.rel.v1"),
            String(3, "x"),
            Bytes(8, Message()), // a zero creationTimestamp, as Go encodes it
            Bytes(11, Entry("name", "rel"u8.ToArray())),
            Bytes(11, Entry("owner", "helm"u8.ToArray())),
            Bytes(11, Entry("status", "deployed"u8.ToArray())));
        var secret = Message(Bytes(1, meta), Bytes(2, Entry("release", "H4sI-release"u8.ToArray())), String(3, "helm.sh/release.v1"));
        return Envelope("v1", "Secret", secret);
    }

    private static byte[] Envelope(string apiVersion, string kind, byte[] raw) =>
        [.. "k8s\0"u8, .. Message(Bytes(1, Message(String(1, apiVersion), String(2, kind))), Bytes(2, raw), String(3, ""), String(4, ""))];

    private static byte[] Entry(string key, byte[] value) => Message(String(1, key), Bytes(2, value));

    private static byte[] Message(params Action<CodedOutputStream>[] fields)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        foreach (var field in fields) field(output);
        output.Flush();
        return buffer.ToArray();
    }

    private static Action<CodedOutputStream> String(int field, string value) => o =>
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteString(value);
    };

    private static Action<CodedOutputStream> Bytes(int field, byte[] value) => o =>
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(ByteString.CopyFrom(value));
    };

    private static Action<CodedOutputStream> Bool(int field, bool value) => o =>
    {
        o.WriteTag(field, WireFormat.WireType.Varint);
        o.WriteBool(value);
    };
}
