using KPops.TestWorld.Common;
using Xunit;

namespace KPops.TestWorld.Tests;

public class FaultInjectorTests
{
    [Fact]
    public void Nth_matching_request_is_hit_and_others_pass()
    {
        var faults = new FaultInjector();
        faults.Add(new FaultRule { Method = "PUT", PathPattern = "^/connectors/a/config$", Nth = 2, Status = 409 });

        Assert.Null(faults.Match("PUT", "/connectors/a/config"));
        Assert.Null(faults.Match("GET", "/connectors/a/config"));
        Assert.Equal(409, faults.Match("PUT", "/connectors/a/config")?.Status);
        Assert.Null(faults.Match("PUT", "/connectors/a/config"));
    }

    [Fact]
    public void Times_extends_the_hit_to_following_matches()
    {
        var faults = new FaultInjector();
        faults.Add(new FaultRule { Method = "CreateTopics", Times = 2, Status = 41 });

        Assert.NotNull(faults.Match("CreateTopics", "t"));
        Assert.NotNull(faults.Match("CreateTopics", "t"));
        Assert.Null(faults.Match("CreateTopics", "t"));
    }

    [Fact]
    public void Reset_removes_rules_latency_and_refusal()
    {
        var faults = new FaultInjector { RefuseConnections = true, Latency = TimeSpan.FromSeconds(1) };
        faults.Add(new FaultRule());
        faults.Reset();

        Assert.Null(faults.Match("GET", "/"));
        Assert.False(faults.RefuseConnections);
        Assert.Equal(TimeSpan.Zero, faults.Latency);
    }
}
