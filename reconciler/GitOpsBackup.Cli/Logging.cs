using System.CommandLine;
using System.Globalization;
using System.Reflection;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace GitOpsBackup.Cli;

/// <summary>
/// The service's logger: readable lines on a terminal, compact JSON (one event a line) otherwise;
/// with an OTLP endpoint also every event as an OpenTelemetry log record (for Loki), its properties
/// (App, Namespace, Revision, Node, ...) as attributes. Disposing the logger flushes what is queued.
/// </summary>
internal static class Logging
{
    /// <summary><c>--otlp-endpoint URL</c>, defaulting to <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (the flag wins); checked at parse time.</summary>
    public static Option<string?> OtlpEndpointOption()
    {
        var option = new Option<string?>("--otlp-endpoint")
        {
            HelpName = "URL",
            Description = $"Also send the logs over OTLP/HTTP to this endpoint (/v1/logs is appended), e.g. Loki's http://loki:3100/otlp (default: {OtlpExport.EndpointVariable})",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(OtlpExport.EndpointVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null,
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } endpoint && OtlpExport.Check(endpoint, result.Implicit ? OtlpExport.EndpointVariable : "--otlp-endpoint") is { } error)
            {
                result.AddError(error);
            }
        });
        return option;
    }

    public static Serilog.Core.Logger Create(bool verbose, string? otlpEndpoint = null)
    {
        var config = new LoggerConfiguration()
            .MinimumLevel.Is(verbose ? LogEventLevel.Debug : LogEventLevel.Information)
            .Enrich.WithProperty("service", OtlpExport.ServiceName);
        config = Console.IsOutputRedirected
            ? config.WriteTo.Console(new CompactJsonFormatter())
            : config.WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}", formatProvider: CultureInfo.InvariantCulture);
        if (OtlpExport.Resolve(otlpEndpoint, Environment.GetEnvironmentVariable, Environment.MachineName, Version) is { } otlp)
        {
            config = config.WriteTo.OpenTelemetry(
                options =>
                {
                    options.Endpoint = otlp.Endpoint;
                    options.FormatProvider = CultureInfo.InvariantCulture;
                    foreach (var (key, value) in otlp.ResourceAttributes)
                    {
                        options.ResourceAttributes[key] = value;
                    }
                },
                otlp.SinkVariables);
        }

        return config.CreateLogger();
    }

    private static string Version =>
        typeof(Logging).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";
}
