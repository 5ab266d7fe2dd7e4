using System.Collections;
using KPops.Engine.Errors;
using KPops.Engine.Model;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Loading;

/// <summary>Every row of the §3.4 table: how from/to entries become Helm values or connector config.</summary>
public sealed class FromToTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private Component Single(string type, string sections, string extra = "") =>
        _ws.LoadSingle($"- type: {type}\n  name: comp\n{extra}{sections}");

    private static IDictionary Kafka(Component c) => (IDictionary)c.Values!["kafka"]!;

    private static IDictionary Config(Component c) => c.Config!;

    private const string Sink = "  config:\n    connector.class: com.example.Sink\n";
    private const string Source = "  config:\n    connector.class: com.example.Source\n";

    // ---- streams-app and consumer-app inputs ------------------------------------------------------------------

    [Theory]
    [InlineData("streams-app")]
    [InlineData("consumer-app")]
    public void From_topic_with_type_input_or_none_is_an_input_topic(string type)
    {
        var c = Single(type, "  from:\n    topics:\n      typed: {type: input}\n      untyped: {}\n      bare:\n");
        Assert.Equal(["typed", "untyped", "bare"], c.InputTopics);
        Assert.Equal(new object[] { "typed", "untyped", "bare" }, (object[])Kafka(c)["inputTopics"]!);
    }

    [Theory]
    [InlineData("streams-app")]
    [InlineData("consumer-app")]
    public void From_topic_with_a_label_is_a_labeled_input_topic(string type)
    {
        var c = Single(type, "  from:\n    topics:\n      a: {label: L}\n      b: {label: L}\n      c: {label: M}\n");
        Assert.Empty(c.InputTopics);
        Assert.Equal(["a", "b"], c.LabeledInputTopics["L"]);
        Assert.Equal(["c"], c.LabeledInputTopics["M"]);
        Assert.Equal(new object[] { "a", "b" }, (object[])((IDictionary)Kafka(c)["labeledInputTopics"]!)["L"]!);
    }

    [Theory]
    [InlineData("streams-app")]
    [InlineData("consumer-app")]
    public void From_pattern_is_the_input_pattern_and_the_last_one_wins(string type)
    {
        var c = Single(type, "  from:\n    topics:\n      first-.*: {type: pattern}\n      second-.*: {type: pattern}\n");
        Assert.Equal("second-.*", c.InputPattern);
        Assert.Equal("second-.*", Kafka(c)["inputPattern"]);
        Assert.Empty(c.InputTopics);
    }

    [Theory]
    [InlineData("streams-app")]
    [InlineData("consumer-app")]
    public void From_pattern_with_a_label_is_a_labeled_input_pattern(string type)
    {
        var c = Single(type, "  from:\n    topics:\n      orders-.*: {type: pattern, label: orders}\n");
        Assert.Equal("orders-.*", c.LabeledInputPatterns["orders"]);
        Assert.Null(c.InputPattern);
        Assert.Equal("orders-.*", ((IDictionary)Kafka(c)["labeledInputPatterns"]!)["orders"]);
    }

    [Fact]
    public void Input_topics_are_deduplicated_and_appended_to_values()
    {
        var c = Single("streams-app", "  from:\n    topics:\n      given: {}\n      extra: {}\n",
            extra: "  values:\n    kafka:\n      inputTopics: [given]\n");
        Assert.Equal(["given", "extra"], c.InputTopics);
    }

    [Fact]
    public void Labeled_input_topics_are_deduplicated()
    {
        var c = Single("streams-app", "  from:\n    topics:\n      a: {label: L}\n",
            extra: "  values:\n    kafka:\n      labeledInputTopics:\n        L: [a]\n");
        Assert.Equal(["a"], c.LabeledInputTopics["L"]);
    }

    // ---- streams-app outputs ----------------------------------------------------------------------------------

    [Fact]
    public void Streams_app_to_topic_without_type_or_with_type_output_is_the_output_topic_last_one_wins()
    {
        var c = Single("streams-app", "  to:\n    topics:\n      first: {type: output}\n      second: {}\n");
        Assert.Equal("second", c.OutputTopic);
        Assert.Equal("second", Kafka(c)["outputTopic"]);
        Assert.Equal(["first", "second"], c.Topics.Select(t => t.Name));
    }

    [Fact]
    public void To_topic_with_an_empty_type_is_an_output_topic()
    {
        var c = Single("streams-app", "  to:\n    topics:\n      out:\n        type:\n");
        Assert.Equal("out", c.OutputTopic);
        Assert.Null(Assert.Single(c.Topics).Type);
    }

    [Fact]
    public void Streams_app_error_topic_is_the_error_topic_last_one_wins()
    {
        var c = Single("streams-app", "  to:\n    topics:\n      e1: {type: error}\n      e2: {type: error}\n");
        Assert.Equal("e2", c.ErrorTopic);
        Assert.Equal("e2", Kafka(c)["errorTopic"]);
        Assert.Null(c.OutputTopic);
    }

    [Fact]
    public void Streams_app_labeled_to_topic_is_a_labeled_output_topic()
    {
        var c = Single("streams-app", "  to:\n    topics:\n      audit-topic: {label: audit}\n");
        Assert.Equal("audit-topic", c.LabeledOutputTopics["audit"]);
        Assert.Equal("audit-topic", ((IDictionary)Kafka(c)["labeledOutputTopics"]!)["audit"]);
        Assert.Null(c.OutputTopic);
    }

    [Fact]
    public void Topic_settings_are_kept_on_the_topic()
    {
        var c = Single("streams-app", """
              to:
                topics:
                  out:
                    type: output
                    partitions_count: 3
                    replication_factor: 2
                    key_schema: com.example.Key
                    value_schema: com.example.Value
                    configs:
                      cleanup.policy: compact
                      retention.ms: -1
                models:
                  com/example/model: 1.0.0
            """);
        var topic = Assert.Single(c.Topics);
        Assert.Equal(3, topic.PartitionsCount);
        Assert.Equal((short)2, topic.ReplicationFactor);
        Assert.Equal("com.example.Key", topic.KeySchema);
        Assert.Equal("com.example.Value", topic.ValueSchema);
        Assert.Equal("compact", topic.Configs["cleanup.policy"]);
        Assert.Equal("-1", topic.Configs["retention.ms"]);
        Assert.Equal("1.0.0", c.Models["com/example/model"]);
    }

    [Fact]
    public void Partitions_given_as_digit_string_are_accepted_as_an_integer()
    {
        var c = Single("streams-app", "  to:\n    topics:\n      out:\n        partitions_count: \"6\"\n");
        Assert.Equal(6, Assert.Single(c.Topics).PartitionsCount);
    }

    // ---- producer-app -----------------------------------------------------------------------------------------

    [Fact]
    public void Producer_output_topic_is_the_output_topic()
    {
        var c = Single("producer-app", "  to:\n    topics:\n      out: {}\n");
        Assert.Equal("out", c.OutputTopic);
        Assert.Equal("out", Kafka(c)["outputTopic"]);
    }

    [Fact]
    public void Producer_labeled_topic_is_a_labeled_output_topic()
    {
        var c = Single("producer-app", "  to:\n    topics:\n      out: {}\n      side: {label: side}\n");
        Assert.Equal("side", c.LabeledOutputTopics["side"]);
        Assert.Equal("out", c.OutputTopic);
    }

    [Fact]
    public void Producer_has_no_input_values()
    {
        var c = Single("producer-app", "  to:\n    topics:\n      out: {}\n");
        Assert.False(Kafka(c).Contains("inputTopics"));
        Assert.Empty(c.InputTopics);
    }

    [Fact]
    public void Producer_with_from_is_an_error()
    {
        var e = _ws.LoadError("- type: producer-app\n  name: comp\n  from:\n    topics:\n      in: {}\n");
        Assert.Equal(ErrorIds.InvalidFromSection, e.ErrorId);
        Assert.Equal(3, e.Location!.Line);
        Assert.Contains("from:", e.Hint);
    }

    [Fact]
    public void Producer_error_topic_is_an_error()
    {
        var e = _ws.LoadError("- type: producer-app\n  name: comp\n  to:\n    topics:\n      dead: {type: error}\n");
        Assert.Equal(ErrorIds.InvalidToSection, e.ErrorId);
        Assert.Contains("error topics", e.Message);
        Assert.Equal(5, e.Location!.Line);
    }

    // ---- consumer-app -----------------------------------------------------------------------------------------

    [Fact]
    public void Consumer_with_to_is_an_error()
    {
        var e = _ws.LoadError("- type: consumer-app\n  name: comp\n  to:\n    topics:\n      out: {}\n");
        Assert.Equal(ErrorIds.InvalidToSection, e.ErrorId);
        Assert.Equal(3, e.Location!.Line);
        Assert.Contains("to:", e.Hint);
    }

    // ---- sink connector ---------------------------------------------------------------------------------------

    [Fact]
    public void Sink_input_topics_become_a_comma_separated_topics_setting()
    {
        var c = Single("kafka-sink-connector", "  from:\n    topics:\n      a: {}\n      b: {type: input}\n", extra: Sink);
        Assert.Equal("a,b", Config(c)["topics"]);
        Assert.Equal(["a", "b"], c.InputTopics);
    }

    [Fact]
    public void Sink_topics_given_as_comma_string_are_kept_and_extended()
    {
        var c = Single("kafka-sink-connector", "  from:\n    topics:\n      c: {}\n      a: {}\n",
            extra: "  config:\n    connector.class: com.example.Sink\n    topics: a,b\n");
        Assert.Equal("a,b,c", Config(c)["topics"]);
    }

    [Fact]
    public void Sink_topics_given_as_list_are_written_as_comma_string_and_extended()
    {
        var c = Single("kafka-sink-connector", "  from:\n    topics:\n      c: {}\n",
            extra: "  config:\n    connector.class: com.example.Sink\n    topics: [a, b]\n");
        Assert.Equal("a,b,c", Config(c)["topics"]);
        Assert.Equal(["a", "b", "c"], c.InputTopics);
    }

    [Fact]
    public void Sink_labeled_input_topic_is_silently_ignored()
    {
        var c = Single("kafka-sink-connector", "  from:\n    topics:\n      a: {label: L}\n", extra: Sink);
        Assert.False(Config(c).Contains("topics"));
        Assert.Empty(c.LabeledInputTopics);
    }

    [Fact]
    public void Sink_pattern_is_topics_regex()
    {
        var c = Single("kafka-sink-connector", "  from:\n    topics:\n      orders-.*: {type: pattern}\n", extra: Sink);
        Assert.Equal("orders-.*", Config(c)["topics.regex"]);
        Assert.Equal("orders-.*", c.InputPattern);
    }

    [Fact]
    public void Sink_labeled_pattern_is_ignored()
    {
        var c = Single("kafka-sink-connector", "  from:\n    topics:\n      orders-.*: {type: pattern, label: L}\n", extra: Sink);
        Assert.False(Config(c).Contains("topics.regex"));
    }

    [Fact]
    public void Sink_error_topic_is_the_dead_letter_queue()
    {
        var c = Single("kafka-sink-connector", "  to:\n    topics:\n      dlq: {type: error}\n", extra: Sink);
        Assert.Equal("dlq", Config(c)["errors.deadletterqueue.topic.name"]);
        Assert.Equal("dlq", c.ErrorTopic);
    }

    [Fact]
    public void Sink_output_and_labeled_topics_are_only_created()
    {
        var c = Single("kafka-sink-connector", "  to:\n    topics:\n      out: {}\n      side: {label: L}\n", extra: Sink);
        Assert.Equal(["out", "side"], c.Topics.Select(t => t.Name));
        Assert.Equal(["connector.class", "name"], Config(c).Keys.Cast<string>());
    }

    [Fact]
    public void Connector_config_values_are_strings_and_name_is_the_full_name()
    {
        var c = Single("kafka-sink-connector", "", extra: "  config:\n    connector.class: com.example.Sink\n    tasks.max: 1\n    enabled.flag: true\n    ratio: 0.5\n");
        Assert.Equal("1", Config(c)["tasks.max"]);
        Assert.Equal("true", Config(c)["enabled.flag"]);
        Assert.Equal("0.5", Config(c)["ratio"]);
        Assert.Equal("demo-comp", Config(c)["name"]);
    }

    [Fact]
    public void Connector_config_name_equal_to_the_full_name_is_accepted()
    {
        var c = Single("kafka-sink-connector", "", extra: "  config:\n    connector.class: com.example.Sink\n    name: demo-comp\n");
        Assert.Equal("demo-comp", Config(c)["name"]);
    }

    // ---- source connector -------------------------------------------------------------------------------------

    [Fact]
    public void Source_with_from_is_an_error()
    {
        var e = _ws.LoadError("- type: kafka-source-connector\n  name: comp\n" + Source + "  from:\n    topics:\n      in: {}\n");
        Assert.Equal(ErrorIds.InvalidFromSection, e.ErrorId);
        Assert.Contains("doesn't support FromSection", e.Message);
        Assert.Equal(5, e.Location!.Line);
    }

    [Fact]
    public void Source_to_topics_are_only_created_and_the_error_topic_is_ignored()
    {
        var c = Single("kafka-source-connector", "  to:\n    topics:\n      out: {}\n      dlq: {type: error}\n      side: {label: L}\n", extra: Source);
        Assert.Equal(["out", "dlq", "side"], c.Topics.Select(t => t.Name));
        Assert.Equal(["connector.class", "name"], Config(c).Keys.Cast<string>());
        Assert.Null(c.ErrorTopic);
    }
}
