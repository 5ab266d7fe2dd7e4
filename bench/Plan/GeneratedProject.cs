using System.Globalization;
using System.Text;

namespace KPops.Bench;

/// <summary>
/// A generated project: <c>config.yaml</c>, three levels of defaults (<c>pipelines/</c>, <c>pipelines/team/</c>,
/// <c>pipelines/team/big/</c>) and one pipeline of <see cref="Components"/> components: chains of producer →
/// streams app → streams app → sink connector, wired by automatic weaving and <c>from.components</c>.
/// </summary>
public sealed class GeneratedProject : IDisposable
{
    public GeneratedProject(int components)
    {
        Components = components;
        Root = Path.Combine(Path.GetTempPath(), "kpops-bench-" + Guid.NewGuid().ToString("N"));
        var team = Path.Combine(Root, "pipelines", "team");
        PipelineDirectory = Path.Combine(team, "big");
        Directory.CreateDirectory(PipelineDirectory);
        Write(Path.Combine(Root, "config.yaml"), """
            pipeline_base_dir: pipelines
            kafka_brokers: kafka-0.kafka:9092,kafka-1.kafka:9092
            topic_name_config:
              default_output_topic_name: ${pipeline.name}-${component.name}-topic
              default_error_topic_name: ${pipeline.name}-${component.name}-error
            schema_registry:
              enabled: true
              url: http://schema-registry:8081
            """);
        Write(Path.Combine(Root, "pipelines", "defaults.yaml"), """
            pipeline-component:
              prefix: ${pipeline.name}-
            kubernetes-app:
              namespace: data
            streams-bootstrap:
              version: 3.6.1
              values:
                labels:
                  pipeline: ${pipeline.name}
                kafka:
                  bootstrapServers: ${config.kafka_brokers}
                  schemaRegistryUrl: ${config.schema_registry.url}
            kafka-connector:
              config:
                tasks.max: 1
            """);
        Write(Path.Combine(team, "defaults.yaml"), """
            streams-app:
              values:
                kafka:
                  config:
                    large.message.id.generator: com.bakdata.kafka.MurmurHashIdGenerator
              to:
                topics:
                  ${error_topic_name}:
                    type: error
                    value_schema: com.bakdata.kafka.DeadLetter
                    partitions_count: 1
                  ${output_topic_name}:
                    partitions_count: 3
            producer-app:
              to:
                topics:
                  ${output_topic_name}:
                    partitions_count: 3
            """);
        Write(Path.Combine(PipelineDirectory, "defaults.yaml"), """
            kubernetes-app:
              namespace: team-big
            streams-app:
              values:
                replicaCount: 2
                imageTag: "1.0.0"
            producer-app:
              values:
                imageTag: "1.0.0"
            """);
        var pipeline = new StringBuilder();
        for (var i = 0; i < components; i++)
        {
            var chain = (i / 4).ToString(CultureInfo.InvariantCulture);
            pipeline.Append((i % 4) switch
            {
                0 => $"- type: producer-app\n  name: producer-{chain}\n  values:\n    image: example/producer\n",
                1 => $"- type: streams-app\n  name: enrich-{chain}\n  values:\n    image: example/enrich\n",
                2 => $"- type: streams-app\n  name: aggregate-{chain}\n  from:\n    components:\n      enrich-{chain}: {{}}\n      producer-{chain}:\n        label: raw\n  values:\n    image: example/aggregate\n",
                _ => $"- type: kafka-sink-connector\n  name: sink-{chain}\n  config:\n    connector.class: io.confluent.connect.jdbc.JdbcSinkConnector\n    connection.url: jdbc:postgresql://db/{chain}\n",
            });
        }
        PipelineFile = Path.Combine(PipelineDirectory, "pipeline.yaml");
        Write(PipelineFile, pipeline.ToString());
    }

    public int Components { get; }

    public string Root { get; }

    public string PipelineDirectory { get; }

    public string PipelineFile { get; }

    /// <summary>Every YAML file of the project.</summary>
    public IReadOnlyList<string> YamlFiles => Directory.GetFiles(Root, "*.yaml", SearchOption.AllDirectories);

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static void Write(string path, string content) => File.WriteAllText(path, content.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
}
