using KPops.Engine.Lifecycle;
using KPops.Engine.Yaml;

namespace KPops.Tests.Unit.Lifecycle;

/// <summary>The values one step of a plan hands to a later one.</summary>
public sealed class StepOutputTests
{
    [Fact]
    public void The_value_written_by_the_producing_step_is_read_by_the_consuming_step()
    {
        var output = new StepOutput<YMap>("the values of release x");
        var values = new YMap();

        output.Write(values);

        Assert.True(output.IsWritten);
        Assert.Same(values, output.Value);
    }

    [Fact]
    public void No_value_is_a_value_too()
    {
        var output = new StepOutput<YMap>("the values of release x");

        output.Write(null);

        Assert.Null(output.Value);
    }

    [Fact]
    public void Reading_before_the_producing_step_ran_is_an_error()
    {
        var output = new StepOutput<YMap>("the values of release x");

        var error = Assert.Throws<InvalidOperationException>(() => output.Value);

        Assert.Contains("the values of release x", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_output_is_written_once()
    {
        var output = new StepOutput<YMap>("the values of release x");
        output.Write(null);

        Assert.Throws<InvalidOperationException>(() => output.Write(new YMap()));
    }
}
