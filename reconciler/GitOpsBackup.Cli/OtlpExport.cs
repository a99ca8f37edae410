namespace GitOpsBackup.Cli;

/// <summary>
/// How the logs are shipped over OTLP/HTTP (protobuf): the endpoint (<c>--otlp-endpoint</c>, else
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; the sink appends <c>/v1/logs</c>, so Loki's
/// <c>http://loki:3100/otlp</c> works as is), and the resource every record carries:
/// <c>service.name=gitops-backup</c>, <c>service.version</c>, <c>service.instance.id</c> (the host
/// name: the pod's name in a cluster), overridden by <c>OTEL_RESOURCE_ATTRIBUTES</c> and
/// <c>OTEL_SERVICE_NAME</c> as the OpenTelemetry spec says. Pure: the environment is a parameter.
/// </summary>
internal sealed record OtlpExport(string Endpoint, IReadOnlyDictionary<string, object> ResourceAttributes, Func<string, string?> SinkVariables)
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ServiceName = "gitops-backup";

    /// <summary>Null when no endpoint is given: logs go to the console only.</summary>
    public static OtlpExport? Resolve(string? endpoint, Func<string, string?> environment, string hostName, string version)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return null;
        }

        var attributes = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["service.name"] = ServiceName,
            ["service.version"] = version,
            ["service.instance.id"] = hostName,
        };
        foreach (var (key, value) in ParseAttributes(environment("OTEL_RESOURCE_ATTRIBUTES")))
        {
            attributes[key] = value;
        }

        if (environment("OTEL_SERVICE_NAME") is { Length: > 0 } serviceName)
        {
            attributes["service.name"] = serviceName;
        }

        // The sink reads the OTEL_* variables itself, and would add the resource ones a second time (a duplicate
        // key throws): it sees our endpoint (so the flag wins), HTTP/protobuf unless the environment asks for gRPC,
        // the headers (an auth token for a hosted Loki) as they are, and no resource variables (merged above).
        string? Variables(string name) => name switch
        {
            EndpointVariable => endpoint,
            "OTEL_EXPORTER_OTLP_PROTOCOL" => environment(name) ?? "http/protobuf",
            "OTEL_RESOURCE_ATTRIBUTES" or "OTEL_SERVICE_NAME" => null,
            _ => environment(name),
        };

        return new OtlpExport(endpoint, attributes, Variables);
    }

    /// <summary>Why <paramref name="endpoint"/> cannot be used, or null. <paramref name="source"/> names where it came from.</summary>
    public static string? Check(string endpoint, string source) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? null
            : $"{source}: '{endpoint}' is not an http(s) URL; give the OTLP/HTTP endpoint, e.g. http://otel-collector:4318 or Loki's http://loki:3100/otlp";

    /// <summary><c>key1=value1,key2=value2</c>, values percent-encoded (W3C baggage style); malformed entries are skipped.</summary>
    internal static IEnumerable<KeyValuePair<string, string>> ParseAttributes(string? text)
    {
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            yield return new(part[..equals].Trim(), Uri.UnescapeDataString(part[(equals + 1)..].Trim()));
        }
    }
}
