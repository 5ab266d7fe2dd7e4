using System.Text.Json.Nodes;
using KPops.TestWorld.Kubernetes.Patching;
using Xunit;

namespace KPops.TestWorld.Tests.Kubernetes;

/// <summary>The patch algorithms on their own, with the directive forms helm 3's three-way patches use.</summary>
public sealed class PatchTests
{
    [Fact]
    public void Strategic_merge_keeps_unmentioned_list_items_and_orders_by_setElementOrder()
    {
        var live = Obj("""{"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}]}""");
        var patch = Obj("""{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}],"containers":[{"name":"a","image":"a:2"}]}""");

        var result = StrategicMergePatch.Apply(live, patch);

        Assert.Equal("""{"containers":[{"name":"b","image":"b:1"},{"name":"a","image":"a:2"}]}""", result.ToJsonString());
    }

    [Fact]
    public void Strategic_merge_deletes_list_items_marked_with_patch_delete()
    {
        var live = Obj("""{"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}""");

        var result = StrategicMergePatch.Apply(live, Obj("""{"env":[{"name":"A","$patch":"delete"}]}"""));

        Assert.Equal("""{"env":[{"name":"B","value":"2"}]}""", result.ToJsonString());
    }

    [Fact]
    public void Strategic_merge_replaces_a_map_marked_with_patch_replace()
    {
        var live = Obj("""{"spec":{"a":1,"b":2}}""");

        var result = StrategicMergePatch.Apply(live, Obj("""{"spec":{"$patch":"replace","c":3}}"""));

        Assert.Equal("""{"spec":{"c":3}}""", result.ToJsonString());
    }

    [Fact]
    public void Strategic_merge_removes_values_from_primitive_lists()
    {
        var live = Obj("""{"metadata":{"finalizers":["a","b","c"]}}""");

        var result = StrategicMergePatch.Apply(live, Obj("""{"metadata":{"$deleteFromPrimitiveList/finalizers":["b"]}}"""));

        Assert.Equal("""{"metadata":{"finalizers":["a","c"]}}""", result.ToJsonString());
    }

    [Fact]
    public void Strategic_merge_merges_container_ports_on_containerPort_and_service_ports_on_port()
    {
        var container = StrategicMergePatch.Apply(Obj("""{"ports":[{"containerPort":80,"name":"http"}]}"""), Obj("""{"ports":[{"containerPort":80,"protocol":"TCP"}]}"""));
        var service = StrategicMergePatch.Apply(Obj("""{"ports":[{"port":80,"name":"http"}]}"""), Obj("""{"ports":[{"port":81,"name":"admin"}]}"""));

        Assert.Equal("""{"ports":[{"containerPort":80,"name":"http","protocol":"TCP"}]}""", container.ToJsonString());
        Assert.Equal("""{"ports":[{"port":80,"name":"http"},{"port":81,"name":"admin"}]}""", service.ToJsonString());
    }

    [Fact]
    public void Strategic_merge_replaces_lists_without_a_merge_key_and_deletes_null_fields()
    {
        var live = Obj("""{"args":["a","b"],"command":["x"],"keep":1}""");

        var result = StrategicMergePatch.Apply(live, Obj("""{"args":["c"],"command":null}"""));

        Assert.Equal("""{"args":["c"],"keep":1}""", result.ToJsonString());
    }

    [Fact]
    public void Strategic_merge_honours_retainKeys()
    {
        var live = Obj("""{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}""");

        var result = StrategicMergePatch.Apply(live, Obj("""{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}"""));

        Assert.Equal("""{"strategy":{"type":"Recreate"}}""", result.ToJsonString());
    }

    [Fact]
    public void Merge_patch_follows_rfc_7386()
    {
        var result = JsonMergePatch.Apply(Obj("""{"a":"b","c":{"d":"e","f":"g"}}"""), Obj("""{"a":"z","c":{"f":null}}"""));

        Assert.Equal("""{"a":"z","c":{"d":"e"}}""", result!.ToJsonString());
    }

    [Fact]
    public void Json_patch_moves_copies_and_tests()
    {
        var ops = JsonNode.Parse("""
            [{"op":"copy","from":"/a","path":"/b"},{"op":"move","from":"/a","path":"/list/-"},{"op":"test","path":"/b","value":1},{"op":"replace","path":"/list/0","value":0}]
            """)!.AsArray();

        var result = JsonPatch.Apply(Obj("""{"a":1,"list":[9]}"""), ops);

        Assert.Equal("""{"list":[0,1],"b":1}""", result!.ToJsonString());
    }

    [Fact]
    public void A_failing_json_patch_test_is_an_error()
    {
        var ops = JsonNode.Parse("""[{"op":"test","path":"/a","value":2}]""")!.AsArray();

        Assert.Throws<PatchException>(() => JsonPatch.Apply(Obj("""{"a":1}"""), ops));
    }

    [Fact]
    public void Server_side_apply_keeps_status_system_metadata_and_fields_other_writers_set()
    {
        var live = Obj("""{"metadata":{"name":"a","uid":"u","creationTimestamp":"t","labels":{"old":"1"}},"data":{"x":"1"},"status":{"s":1}}""");

        var result = ServerSideApply.Apply(live, Obj("""{"metadata":{"name":"a","labels":{"new":"1"}},"data":{"y":"2"}}"""), previous: null);

        Assert.Equal("""{"metadata":{"name":"a","uid":"u","creationTimestamp":"t","labels":{"old":"1","new":"1"}},"data":{"x":"1","y":"2"},"status":{"s":1}}""", result.ToJsonString());
    }

    [Fact]
    public void Server_side_apply_removes_what_the_same_manager_applied_before_and_dropped()
    {
        var live = Obj("""{"metadata":{"name":"a","labels":{"old":"1","other":"1"}},"data":{"x":"1"}}""");
        var previous = Obj("""{"metadata":{"name":"a","labels":{"old":"1"}},"data":{"x":"1"}}""");

        var result = ServerSideApply.Apply(live, Obj("""{"metadata":{"name":"a","labels":{"new":"1"}},"data":{"y":"2"}}"""), previous);

        Assert.Equal("""{"metadata":{"name":"a","labels":{"other":"1","new":"1"}},"data":{"y":"2"}}""", result.ToJsonString());
    }

    [Fact]
    public void Server_side_apply_merges_containers_by_name()
    {
        var live = Obj("""{"spec":{"containers":[{"name":"app","image":"app:1","tty":true},{"name":"injected","image":"proxy:1"}]}}""");
        var previous = Obj("""{"spec":{"containers":[{"name":"app","image":"app:1"},{"name":"old","image":"old:1"}]}}""");

        var result = ServerSideApply.Apply(live, Obj("""{"spec":{"containers":[{"name":"app","image":"app:2"}]}}"""), previous);

        Assert.Equal("""{"spec":{"containers":[{"name":"app","image":"app:2","tty":true},{"name":"injected","image":"proxy:1"}]}}""", result.ToJsonString());
    }

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();
}
