using KPops.Engine.Errors;
using KPops.Engine.Model.Specs;
using KPops.Engine.Yaml;

namespace KPops.Engine.Model.Types;

/// <summary>The kind of deployable a component is, which decides what lifecycle operations do with it.</summary>
/// <remarks>Based on long: ConvertTo-Json writes such enums by name, others as numbers.</remarks>
public enum ComponentKind : long
{
    /// <summary>Nothing to deploy (pipeline-component and abstract types).</summary>
    None,

    /// <summary>A Helm release of any chart.</summary>
    HelmApp,

    /// <summary>A streams-bootstrap streams app.</summary>
    StreamsApp,

    /// <summary>A streams-bootstrap producer app.</summary>
    ProducerApp,

    /// <summary>A streams-bootstrap consumer app.</summary>
    ConsumerApp,

    /// <summary>A Kafka Connect sink connector.</summary>
    SinkConnector,

    /// <summary>A Kafka Connect source connector.</summary>
    SourceConnector,
}

/// <summary>
/// How a component type turns its <c>from</c>/<c>to</c> sections into Helm values or connector config, and the
/// per-type rules. One instance per built-in kind; custom types use their base type's behaviour.
/// </summary>
internal class ComponentBehavior
{
    public static readonly ComponentBehavior Inert = new(ComponentKind.None);

    public ComponentBehavior(ComponentKind kind) => Kind = kind;

    public ComponentKind Kind { get; }

    /// <summary>Where a streams-bootstrap app keeps its Kafka settings, or null for other components.</summary>
    public virtual StreamsBootstrapLayout? Layout => null;

    /// <summary>Whether the previous component's outputs are woven in when there is no <c>from</c> section.</summary>
    public virtual bool TakesWovenInputs => true;

    public virtual void AddInputTopic(YMap data, string topic) { }

    public virtual void AddLabeledInputTopic(YMap data, string label, string topic) { }

    public virtual void SetInputPattern(YMap data, string pattern) { }

    public virtual void SetLabeledInputPattern(YMap data, string label, string pattern) { }

    public virtual void SetOutputTopic(YMap data, string topic) { }

    public virtual void SetErrorTopic(YMap data, string topic) { }

    public virtual void SetLabeledOutputTopic(YMap data, string label, string topic) { }

    public virtual IReadOnlyList<string> InputTopics(YMap data) => [];

    public virtual IReadOnlyDictionary<string, IReadOnlyList<string>> LabeledInputTopics(YMap data) => new Dictionary<string, IReadOnlyList<string>>();

    public virtual string? InputPattern(YMap data) => null;

    public virtual IReadOnlyDictionary<string, string> LabeledInputPatterns(YMap data) => new Dictionary<string, string>();

    public virtual string? OutputTopic(YMap data) => null;

    public virtual IReadOnlyDictionary<string, string> LabeledOutputTopics(YMap data) => new Dictionary<string, string>();

    public virtual string? ErrorTopic(YMap data) => null;

    /// <summary>Rules that need the whole, substituted component.</summary>
    public virtual void Validate(YMap data, BindContext context) { }

    /// <summary>Applies one <c>from</c> entry (kpops' apply_from_inputs).</summary>
    public void ApplyFrom(YMap data, string topic, string? type, string? label)
    {
        if (type is null && label is not null) AddLabeledInputTopic(data, label, topic);
        else if (type == "pattern" && label is not null) SetLabeledInputPattern(data, label, topic);
        else if (type == "pattern") SetInputPattern(data, topic);
        else AddInputTopic(data, topic);
    }

    /// <summary>Applies one <c>to</c> entry (kpops' apply_to_outputs).</summary>
    public void ApplyTo(YMap data, string topic, string? type, string? label)
    {
        if (type is null && label is not null) SetLabeledOutputTopic(data, label, topic);
        else if (type == "error") SetErrorTopic(data, topic);
        else SetOutputTopic(data, topic);
    }

    protected static YMap Section(YMap data, params string[] path)
    {
        var current = data;
        foreach (var key in path)
        {
            if (current.Get(key) is not YMap next)
            {
                next = new YMap();
                current[key] = next;
            }
            current = next;
        }
        return current;
    }

    protected static YMap? Find(YMap data, params string[] path)
    {
        var current = data;
        foreach (var key in path)
        {
            if (current.Get(key) is not YMap next) return null;
            current = next;
        }
        return current;
    }

    protected static string? Text(YMap? map, string key) => map?.Get(key) is YScalar { Value: string s } ? s : null;

    protected static List<string> Texts(YNode? node) =>
        node is YSeq seq ? seq.Items.OfType<YScalar>().Select(s => s.ToInvariantString()).ToList() : [];

    protected static Dictionary<string, string> TextMap(YNode? node) =>
        node is YMap map ? map.Where(p => p.Value is YScalar { IsNull: false }).ToDictionary(p => p.Key, p => ((YScalar)p.Value).ToInvariantString(), StringComparer.Ordinal) : [];

    protected static void AppendUnique(YMap map, string key, string value)
    {
        if (map.Get(key) is not YSeq seq)
        {
            seq = new YSeq();
            map[key] = seq;
        }
        if (!seq.Items.Any(i => i is YScalar { Value: string s } && s == value)) seq.Items.Add(new YScalar(value));
    }
}

/// <summary>
/// streams-bootstrap apps: topics go to the Kafka section of the values (<c>values.kafka</c> for streams-bootstrap 3,
/// <c>values.streams</c> with extra instead of labeled topics for 2), as the <see cref="StreamsBootstrapLayout"/> says.
/// </summary>
internal class StreamsBootstrapBehavior(ComponentKind kind, StreamsBootstrapLayout layout) : ComponentBehavior(kind)
{
    public override StreamsBootstrapLayout? Layout => layout;

    private YMap Kafka(YMap data) => Section(data, "values", layout.Section);

    private YMap? FindKafka(YMap data) => Find(data, "values", layout.Section);

    public override void AddInputTopic(YMap data, string topic) => AppendUnique(Kafka(data), "inputTopics", topic);

    public override void AddLabeledInputTopic(YMap data, string label, string topic) => AppendUnique(Section(Kafka(data), layout.LabeledInputTopics), label, topic);

    public override void SetInputPattern(YMap data, string pattern) => Kafka(data)["inputPattern"] = new YScalar(pattern);

    public override void SetLabeledInputPattern(YMap data, string label, string pattern) => Section(Kafka(data), layout.LabeledInputPatterns)[label] = new YScalar(pattern);

    public override void SetOutputTopic(YMap data, string topic) => Kafka(data)["outputTopic"] = new YScalar(topic);

    public override void SetErrorTopic(YMap data, string topic) => Kafka(data)["errorTopic"] = new YScalar(topic);

    public override void SetLabeledOutputTopic(YMap data, string label, string topic) => Section(Kafka(data), layout.LabeledOutputTopics)[label] = new YScalar(topic);

    public override IReadOnlyList<string> InputTopics(YMap data) => Texts(FindKafka(data)?.Get("inputTopics"));

    public override IReadOnlyDictionary<string, IReadOnlyList<string>> LabeledInputTopics(YMap data) =>
        FindKafka(data)?.Get(layout.LabeledInputTopics) is YMap map
            ? map.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)Texts(p.Value), StringComparer.Ordinal)
            : new Dictionary<string, IReadOnlyList<string>>();

    public override string? InputPattern(YMap data) => Text(FindKafka(data), "inputPattern");

    public override IReadOnlyDictionary<string, string> LabeledInputPatterns(YMap data) => TextMap(FindKafka(data)?.Get(layout.LabeledInputPatterns));

    public override string? OutputTopic(YMap data) => Text(FindKafka(data), "outputTopic");

    public override IReadOnlyDictionary<string, string> LabeledOutputTopics(YMap data) => TextMap(FindKafka(data)?.Get(layout.LabeledOutputTopics));

    public override string? ErrorTopic(YMap data) => Text(FindKafka(data), "errorTopic");
}

/// <summary>producer-app: no inputs, no error topics.</summary>
internal sealed class ProducerBehavior(StreamsBootstrapLayout layout) : StreamsBootstrapBehavior(ComponentKind.ProducerApp, layout)
{
    public override bool TakesWovenInputs => false;

    public override void AddInputTopic(YMap data, string topic) { }

    public override void AddLabeledInputTopic(YMap data, string label, string topic) { }

    public override void SetInputPattern(YMap data, string pattern) { }

    public override void SetLabeledInputPattern(YMap data, string label, string pattern) { }

    public override IReadOnlyList<string> InputTopics(YMap data) => [];

    public override void Validate(YMap data, BindContext context)
    {
        if (data.Get("from") is YMap from)
            context.Report(ErrorIds.InvalidFromSection, "Producer apps do not read from topics.", data.KeyLocation("from") ?? from.Location, "Remove the `from:` section.", "from");
        if (data.Get("to") is YMap to && to.Get("topics") is YMap topics)
        {
            foreach (var (name, topic) in topics)
            {
                if (topic is YMap t && t.Get("type") is YScalar { Value: "error" } type)
                    context.Report(ErrorIds.InvalidToSection, $"Producer apps do not support error topics ({Echo.Quote(name)}).", type.Location, "Remove the error topic or give it no `type`.", "to.topics");
            }
        }
    }
}

/// <summary>consumer-app: no outputs.</summary>
internal sealed class ConsumerBehavior() : StreamsBootstrapBehavior(ComponentKind.ConsumerApp, StreamsBootstrapLayout.V3)
{
    public override void SetOutputTopic(YMap data, string topic) { }

    public override void SetErrorTopic(YMap data, string topic) { }

    public override void SetLabeledOutputTopic(YMap data, string label, string topic) { }

    public override void Validate(YMap data, BindContext context)
    {
        if (data.Get("to") is YMap to)
            context.Report(ErrorIds.InvalidToSection, "Consumer apps do not write to topics.", data.KeyLocation("to") ?? to.Location, "Remove the `to:` section.", "to");
    }
}

/// <summary>Connectors: the config's name is the full name.</summary>
internal abstract class ConnectorBehavior(ComponentKind kind) : ComponentBehavior(kind)
{
    protected static YMap Config(YMap data) => Section(data, "config");

    public override void Validate(YMap data, BindContext context)
    {
        var fullName = (Text(data, "prefix") ?? "") + (Text(data, "name") ?? "");
        // The full name is a path segment of the Connect REST API (GET /connectors/<name>).
        var nameNode = data.Get("name") as YScalar ?? data.Get("prefix") as YScalar;
        if (nameNode is not null)
        {
            NameRules.Check(context, nameNode, fullName, "The connector name (prefix + name)", ErrorIds.InvalidConnectorName, NameRules.ConnectorNameProblem(fullName),
                "Give the connector a name without '/' and control characters that is not '.' or '..'.", "name");
        }
        var config = Config(data);
        if (config.Get("name") is YScalar { Value: string given } node && given != fullName)
        {
            context.Report(ErrorIds.InvalidFieldValue, $"config.name {Echo.Quote(given)} differs from the connector's full name {Echo.Quote(fullName)}.", node.Location,
                "Remove config.name; it is always prefix + name.", "config.name");
        }
        config["name"] = new YScalar(fullName);
        // Connect takes every value as a string: a topics list is sent (and extended by weaving) as "a,b".
        if (config.Get("topics") is YSeq topics)
            config["topics"] = new YScalar(string.Join(",", topics.Items.OfType<YScalar>().Select(t => t.ToInvariantString()))) { Location = topics.Location };
    }
}

/// <summary>kafka-sink-connector: input topics go to <c>config.topics</c>.</summary>
internal sealed class SinkBehavior() : ConnectorBehavior(ComponentKind.SinkConnector)
{
    public override void AddInputTopic(YMap data, string topic)
    {
        var config = Config(data);
        var topics = config.Get("topics") is YScalar { Value: string s } && s.Length > 0 ? s.Split(',').ToList() : [];
        if (!topics.Contains(topic, StringComparer.Ordinal)) topics.Add(topic);
        config["topics"] = new YScalar(string.Join(",", topics));
    }

    public override void SetInputPattern(YMap data, string pattern) => Config(data)["topics.regex"] = new YScalar(pattern);

    public override void SetErrorTopic(YMap data, string topic) => Config(data)["errors.deadletterqueue.topic.name"] = new YScalar(topic);

    public override IReadOnlyList<string> InputTopics(YMap data) =>
        Text(Find(data, "config"), "topics") is { Length: > 0 } topics ? topics.Split(',') : [];

    public override string? InputPattern(YMap data) => Text(Find(data, "config"), "topics.regex");

    public override string? ErrorTopic(YMap data) => Text(Find(data, "config"), "errors.deadletterqueue.topic.name");
}

/// <summary>kafka-source-connector: reads from outside Kafka, so it takes no input topics.</summary>
internal sealed class SourceBehavior() : ConnectorBehavior(ComponentKind.SourceConnector)
{
    // KPOps fails when a source connector follows a component with outputs, because weaving hands it input
    // topics. A source connector has no Kafka inputs, so weaving simply passes it by.
    public override bool TakesWovenInputs => false;

    public override void Validate(YMap data, BindContext context)
    {
        base.Validate(data, context);
        if (data.Get("from") is YMap from)
            context.Report(ErrorIds.InvalidFromSection, "Kafka source connector doesn't support FromSection.", data.KeyLocation("from") ?? from.Location,
                "Remove the `from:` section; a source connector reads from outside Kafka.", "from");
    }
}
