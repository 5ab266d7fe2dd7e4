using KPops.Engine.Errors;

namespace KPops.Engine.Clients;

/// <summary>The external systems KPops talks to.</summary>
public enum Service
{
    /// <summary>The helm CLI.</summary>
    Helm,

    /// <summary>Kafka (admin protocol).</summary>
    Kafka,

    /// <summary>Confluent Schema Registry.</summary>
    SchemaRegistry,

    /// <summary>Kafka Connect REST API.</summary>
    KafkaConnect,

    /// <summary>The Kubernetes API.</summary>
    Kubernetes,
}

/// <summary>
/// A remote call failed. Names the service and the endpoint (URL, bootstrap servers, helm command) as KPOps' concise
/// errors do, e.g. "[Kafka Connect] 409 Conflict url=http://connect:8083/connectors/x".
/// </summary>
public sealed class ServiceException : KPopsException
{
    /// <summary>Creates an exception.</summary>
    public ServiceException(Service service, string endpoint, string message, ErrorKind kind = ErrorKind.ServiceError, string? hint = null, Exception? inner = null, int? statusCode = null)
        : base(ErrorIdFor(service, kind), kind, $"[{Describe(service)}] {message} ({EndpointLabel(service)}={endpoint})", hint: hint, inner: inner)
    {
        Service = service;
        Endpoint = endpoint;
        StatusCode = statusCode;
    }

    /// <summary>The service.</summary>
    public Service Service { get; }

    /// <summary>URL, bootstrap servers or command line.</summary>
    public string Endpoint { get; }

    /// <summary>HTTP status or Kafka error code, when there is one.</summary>
    public int? StatusCode { get; }

    /// <summary>The service's display name.</summary>
    public static string Describe(Service service) => service switch
    {
        Service.Helm => "Helm",
        Service.Kafka => "Kafka",
        Service.SchemaRegistry => "Schema Registry",
        Service.KafkaConnect => "Kafka Connect",
        _ => "Kubernetes",
    };

    private static string EndpointLabel(Service service) => service switch
    {
        Service.Helm => "command",
        Service.Kafka => "bootstrap",
        _ => "url",
    };

    /// <summary>The ErrorId of a failed call: the service, and whether it could not be reached or answered with an error.</summary>
    internal static string ErrorIdFor(Service service, ErrorKind kind) => (service, kind == ErrorKind.ConnectionError) switch
    {
        (Service.Helm, true) => ErrorIds.HelmConnectionFailed,
        (Service.Helm, false) => ErrorIds.HelmRequestFailed,
        (Service.Kafka, true) => ErrorIds.KafkaConnectionFailed,
        (Service.Kafka, false) => ErrorIds.KafkaRequestFailed,
        (Service.SchemaRegistry, true) => ErrorIds.SchemaRegistryConnectionFailed,
        (Service.SchemaRegistry, false) => ErrorIds.SchemaRegistryRequestFailed,
        (Service.KafkaConnect, true) => ErrorIds.KafkaConnectConnectionFailed,
        (Service.KafkaConnect, false) => ErrorIds.KafkaConnectRequestFailed,
        (_, true) => ErrorIds.KubernetesConnectionFailed,
        _ => ErrorIds.KubernetesRequestFailed,
    };
}
