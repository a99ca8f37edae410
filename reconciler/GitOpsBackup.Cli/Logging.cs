using System.Globalization;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace GitOpsBackup.Cli;

/// <summary>The service's logger: readable lines on a terminal, compact JSON (one event a line, for Loki) otherwise.</summary>
internal static class Logging
{
    public static Serilog.Core.Logger Create(bool verbose)
    {
        var config = new LoggerConfiguration()
            .MinimumLevel.Is(verbose ? LogEventLevel.Debug : LogEventLevel.Information)
            .Enrich.WithProperty("service", "gitops-backup");
        return (Console.IsOutputRedirected
                ? config.WriteTo.Console(new CompactJsonFormatter())
                : config.WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}", formatProvider: CultureInfo.InvariantCulture))
            .CreateLogger();
    }
}
