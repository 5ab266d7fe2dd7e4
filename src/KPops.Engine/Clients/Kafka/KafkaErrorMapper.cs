using System.Globalization;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KPops.Engine.Errors;

namespace KPops.Engine.Clients.Kafka;

/// <summary>
/// Turns librdkafka errors into <see cref="ServiceException"/>s: the Kafka error code as status code, transport
/// problems as <see cref="ErrorKind.ConnectionError"/>, and a hint where the code says what to fix.
/// </summary>
internal static class KafkaErrorMapper
{
    /// <summary>Errors that mean the brokers could not be reached (or did not answer), not that they refused.</summary>
    internal static bool IsConnectionProblem(ErrorCode code) => code is
        ErrorCode.Local_Transport or ErrorCode.Local_TimedOut or ErrorCode.Local_AllBrokersDown or ErrorCode.Local_Resolve
        or ErrorCode.Local_Ssl or ErrorCode.Local_TimedOutQueue or ErrorCode.Local_WaitCoord or ErrorCode.NetworkException;

    /// <summary>Errors worth remembering as the reason a later timeout happened.</summary>
    internal static bool IsConnectionLevel(ErrorCode code) =>
        code != ErrorCode.Local_AllBrokersDown && (IsConnectionProblem(code) || IsSecurityProblem(code));

    /// <summary>
    /// The error that matters in an exception from an admin call: librdkafka reports per-resource errors in the
    /// exception's results and a summary (often <c>Local_Partial</c>) on the exception itself.
    /// </summary>
    internal static Error FirstError(KafkaException exception)
    {
        IEnumerable<Error> errors = exception switch
        {
            CreateTopicsException e => e.Results.Select(r => r.Error),
            DeleteTopicsException e => e.Results.Select(r => r.Error),
            CreatePartitionsException e => e.Results.Select(r => r.Error),
            DescribeConfigsException e => e.Results.Select(r => r.Error),
            IncrementalAlterConfigsException e => e.Results.Select(r => r.Error),
            DescribeTopicsException e => e.Results.TopicDescriptions.Select(r => r.Error),
            DescribeConsumerGroupsException e => e.Results.ConsumerGroupDescriptions.Select(r => r.Error),
            DeleteGroupsException e => e.Results.Select(r => r.Error),
            ListConsumerGroupOffsetsException e => e.Results.SelectMany(r => r.Partitions.Select(p => p.Error).Prepend(r.Error)),
            ListOffsetsException e => e.Result.ResultInfos.Select(r => r.TopicPartitionOffsetError.Error),
            _ => [],
        };
        return errors.FirstOrDefault(e => e is { IsError: true }) ?? exception.Error;
    }

    /// <summary>The exception for a failed call.</summary>
    /// <param name="error">What librdkafka reported.</param>
    /// <param name="action">What was attempted, e.g. "create topic 'orders'".</param>
    /// <param name="settings">For the endpoint, the timeout and masking.</param>
    /// <param name="lastConnectionError">The last transport error seen, added to timeouts (which say nothing themselves).</param>
    /// <param name="hint">A hint that knows the call better than the error code; null for the generic one.</param>
    /// <param name="inner">The original exception.</param>
    internal static ServiceException ToException(Error error, string action, KafkaAdminSettings settings, Error? lastConnectionError = null, string? hint = null, Exception? inner = null)
    {
        var code = error.Code;
        var kind = code == ErrorCode.TopicAlreadyExists ? ErrorKind.ResourceExists
            : IsConnectionProblem(code) ? ErrorKind.ConnectionError
            : ErrorKind.ServiceError;
        var message = $"{action} failed: {Reason(error)}";
        if (kind == ErrorKind.ConnectionError && lastConnectionError is not null && lastConnectionError.Reason != error.Reason)
            message += $"; last connection error: {lastConnectionError.Reason}";
        return new ServiceException(Service.Kafka, settings.BootstrapServers, settings.MaskSecrets(message), kind,
            hint ?? HintFor(code, settings), inner, (int)code);
    }

    /// <summary>Every broker went down while the call waited: fail now instead of waiting for the timeout.</summary>
    internal static ServiceException AllBrokersDown(string action, KafkaAdminSettings settings, Error? lastConnectionError, Exception inner)
    {
        var error = lastConnectionError ?? new Error(ErrorCode.Local_AllBrokersDown, "all brokers are down");
        return ToException(new Error(error.Code, "cannot reach any broker: " + error.Reason), action, settings, inner: inner);
    }

    /// <summary>librdkafka did not report back within the timeout (it should, so this is a safety net).</summary>
    internal static ServiceException NoAnswer(string action, KafkaAdminSettings settings, Error? lastConnectionError, Exception inner) =>
        ToException(new Error(ErrorCode.Local_TimedOut, $"no answer within {Seconds(settings.Timeout)} s"), action, settings, lastConnectionError, inner: inner);

    /// <summary>"reason (Code number)", e.g. "Topic 'x' already exists. (TopicAlreadyExists 36)".</summary>
    internal static string Reason(Error error)
    {
        var code = error.Code.ToString() + " " + ((int)error.Code).ToString(CultureInfo.InvariantCulture);
        return string.IsNullOrWhiteSpace(error.Reason) ? code : $"{error.Reason.TrimEnd()} ({code})";
    }

    private static bool IsSecurityProblem(ErrorCode code) => code is
        ErrorCode.Local_Authentication or ErrorCode.SaslAuthenticationFailed or ErrorCode.IllegalSaslState
        or ErrorCode.UnsupportedSaslMechanism or ErrorCode.Local_Ssl;

    private static string? HintFor(ErrorCode code, KafkaAdminSettings settings)
    {
        if (IsSecurityProblem(code))
        {
            return "Check the security settings in kafka_admin.config: security.protocol, sasl.mechanism, sasl.username and "
                + "sasl.password, ssl.ca.location. They must match the listener behind kafka_admin.bootstrap_servers.";
        }
        if (IsConnectionProblem(code))
        {
            return "Check kafka_admin.bootstrap_servers (kafka_brokers when unset): this machine must reach the brokers at the "
                + "addresses they advertise. TLS or SASL listeners need kafka_admin.config (security.protocol, sasl.*, ssl.*). "
                + $"kafka_admin.timeout is {Seconds(settings.Timeout)} s.";
        }
        return code switch
        {
            ErrorCode.TopicAuthorizationFailed or ErrorCode.GroupAuthorizationFailed or ErrorCode.ClusterAuthorizationFailed =>
                "The principal KPops connects as (see kafka_admin.config) lacks the ACL for this operation.",
            ErrorCode.TopicAlreadyExists => "The topic exists already; describe it to compare its settings.",
            ErrorCode.InvalidPartitions => "The partition count must be at least 1.",
            ErrorCode.InvalidReplicationFactor => "The replication factor cannot exceed the number of brokers; leave it unset to use default.replication.factor.",
            ErrorCode.InvalidConfig => "Check the topic configs: each must be a topic-level setting with a valid value.",
            ErrorCode.PolicyViolation => "A broker-side policy (create.topic.policy.class.name or alter.config.policy.class.name) rejected the request.",
            ErrorCode.UnknownTopicOrPart => "The topic does not exist (yet).",
            ErrorCode.UnsupportedVersion or ErrorCode.Local_UnsupportedFeature => "The brokers do not support this admin request; KPops needs Kafka 2.4 or newer.",
            _ => null,
        };
    }

    private static string Seconds(TimeSpan timeout) => timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
