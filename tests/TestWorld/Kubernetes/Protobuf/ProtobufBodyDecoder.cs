using System.Text.Json.Nodes;
using Google.Protobuf;
using KPops.TestWorld.Kubernetes.Store;

namespace KPops.TestWorld.Kubernetes.Protobuf;

/// <summary>
/// Decodes the protobuf request bodies client-go's typed clients send (helm's release storage: Secrets, or
/// ConfigMaps with <c>HELM_DRIVER=configmap</c>) into the JSON the rest of the double works with.
/// Wire layout: the magic <c>k8s\0</c>, then a <c>runtime.Unknown</c> (typeMeta = 1 {apiVersion = 1, kind = 2},
/// raw = 2, contentEncoding = 3, contentType = 4) whose <c>raw</c> is the object. Field numbers follow
/// <c>k8s.io/api/core/v1/generated.proto</c> and <c>k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto</c>.
/// </summary>
internal static class ProtobufBodyDecoder
{
    /// <summary>The four bytes every Kubernetes protobuf body starts with.</summary>
    public static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    /// <summary>True when the body starts with the Kubernetes protobuf magic.</summary>
    public static bool HasMagic(ReadOnlySpan<byte> body) => body.StartsWith(Magic);

    /// <summary>Decodes a Secret or ConfigMap body.</summary>
    /// <exception cref="NotSupportedException">Another kind, or not a Kubernetes protobuf body.</exception>
    public static JsonObject Decode(byte[] body)
    {
        if (!HasMagic(body)) throw new NotSupportedException("not a Kubernetes protobuf body (missing k8s\\0 magic)");
        string? apiVersion = null, kind = null;
        ByteString raw = ByteString.Empty;
        foreach (var (field, input) in Fields(ByteString.CopyFrom(body, Magic.Length, body.Length - Magic.Length)))
        {
            switch (field)
            {
                case 1:
                    foreach (var (typeField, typeInput) in Fields(input.ReadBytes()))
                    {
                        if (typeField == 1) apiVersion = typeInput.ReadString();
                        else if (typeField == 2) kind = typeInput.ReadString();
                        else typeInput.SkipLastField();
                    }
                    break;
                case 2: raw = input.ReadBytes(); break;
                default: input.SkipLastField(); break;
            }
        }

        var obj = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        switch (kind)
        {
            case "Secret": Secret(raw, obj); break;
            case "ConfigMap": ConfigMap(raw, obj); break;
            default: throw new NotSupportedException($"protobuf bodies of kind {kind} are not supported");
        }
        return obj;
    }

    private static void Secret(ByteString raw, JsonObject obj)
    {
        foreach (var (field, input) in Fields(raw))
        {
            switch (field)
            {
                case 1: obj["metadata"] = ObjectMeta(input.ReadBytes()); break;
                case 2: AddEntry(obj.Child("data"), input.ReadBytes(), bytesValue: true); break;
                case 3: obj["type"] = input.ReadString(); break;
                case 4: AddEntry(obj.Child("stringData"), input.ReadBytes(), bytesValue: false); break;
                case 5: obj["immutable"] = input.ReadBool(); break;
                default: input.SkipLastField(); break;
            }
        }
    }

    private static void ConfigMap(ByteString raw, JsonObject obj)
    {
        foreach (var (field, input) in Fields(raw))
        {
            switch (field)
            {
                case 1: obj["metadata"] = ObjectMeta(input.ReadBytes()); break;
                case 2: AddEntry(obj.Child("data"), input.ReadBytes(), bytesValue: false); break;
                case 3: AddEntry(obj.Child("binaryData"), input.ReadBytes(), bytesValue: true); break;
                case 4: obj["immutable"] = input.ReadBool(); break;
                default: input.SkipLastField(); break;
            }
        }
    }

    private static JsonObject ObjectMeta(ByteString raw)
    {
        var meta = new JsonObject();
        foreach (var (field, input) in Fields(raw))
        {
            switch (field)
            {
                case 1: meta["name"] = input.ReadString(); break;
                case 2: meta["generateName"] = input.ReadString(); break;
                case 3: meta["namespace"] = input.ReadString(); break;
                case 5: meta["uid"] = input.ReadString(); break;
                case 6: meta["resourceVersion"] = input.ReadString(); break;
                case 7: meta["generation"] = input.ReadInt64(); break;
                case 11: AddEntry(meta.Child("labels"), input.ReadBytes(), bytesValue: false); break;
                case 12: AddEntry(meta.Child("annotations"), input.ReadBytes(), bytesValue: false); break;
                case 13: meta.ChildArray("ownerReferences").Add(OwnerReference(input.ReadBytes())); break;
                case 14: meta.ChildArray("finalizers").Add(input.ReadString()); break;
                // Timestamps (8, 9) are the server's to set; managedFields (17) are not tracked.
                default: input.SkipLastField(); break;
            }
        }
        // Empty strings are Go zero values, which JSON would omit.
        foreach (var key in meta.Where(p => p.Value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0).Select(p => p.Key).ToList())
        {
            meta.Remove(key);
        }
        return meta;
    }

    private static JsonObject OwnerReference(ByteString raw)
    {
        var reference = new JsonObject();
        foreach (var (field, input) in Fields(raw))
        {
            switch (field)
            {
                case 1: reference["kind"] = input.ReadString(); break;
                case 3: reference["name"] = input.ReadString(); break;
                case 4: reference["uid"] = input.ReadString(); break;
                case 5: reference["apiVersion"] = input.ReadString(); break;
                case 6: reference["controller"] = input.ReadBool(); break;
                case 7: reference["blockOwnerDeletion"] = input.ReadBool(); break;
                default: input.SkipLastField(); break;
            }
        }
        return reference;
    }

    // A map field is a repeated message {key = 1, value = 2}; bytes values become base64 as in JSON.
    private static void AddEntry(JsonObject map, ByteString entry, bool bytesValue)
    {
        string key = "";
        JsonNode? value = "";
        foreach (var (field, input) in Fields(entry))
        {
            if (field == 1) key = input.ReadString();
            else if (field == 2) value = bytesValue ? System.Convert.ToBase64String(input.ReadBytes().Span) : input.ReadString();
            else input.SkipLastField();
        }
        map[key] = value;
    }

    // Yields each field number with the stream positioned on its value; the caller must consume or skip it.
    private static IEnumerable<(int Field, CodedInputStream Input)> Fields(ByteString message)
    {
        var input = new CodedInputStream(message.ToByteArray());
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            yield return (WireFormat.GetTagFieldNumber(tag), input);
        }
    }

    private static JsonArray ChildArray(this JsonObject parent, string name)
    {
        if (parent[name] is JsonArray existing) return existing;
        var created = new JsonArray();
        parent[name] = created;
        return created;
    }
}
