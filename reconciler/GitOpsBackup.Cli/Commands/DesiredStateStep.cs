using System.CommandLine;
using GitOpsBackup.Planning;
using GitOpsBackup.Specs;

namespace GitOpsBackup.Cli.Commands;

/// <summary>The desired-state step of plan and apply: load, report broken specs, go on with the rest.</summary>
internal static class DesiredStateStep
{
    public static async Task<DesiredState?> LoadAsync(DesiredStateSource source, SourceOptions options, ParseResult parsed, CliContext context, CancellationToken ct)
    {
        DesiredState desired;
        try
        {
            using var resolved = await options.ResolveOrReportAsync(parsed, context, ct);
            if (resolved is null)
            {
                return null;
            }

            desired = await source(resolved.Tree!, resolved.Revision?.ToString() ?? RepoDesiredState.WorkingTreeRevision, ct);
        }
        catch (Exception ex) when (ex is NotSupportedException or IOException or UnauthorizedAccessException)
        {
            await context.Error.WriteLineAsync($"error: {ex.Message}");
            return null;
        }

        foreach (var diagnostic in desired.Diagnostics)
        {
            await context.Error.WriteLineAsync(diagnostic.ToString());
        }

        if (desired.BrokenApps.Count > 0)
        {
            await context.Error.WriteLineAsync($"note: {desired.BrokenApps.Count} app(s) with spec errors are left as they are in the cluster: {string.Join(", ", desired.BrokenApps.Select(a => a.ToString()).Order(StringComparer.Ordinal))}");
        }

        return desired;
    }

    public static bool HasSpecErrors(DesiredState desired) => desired.Diagnostics.Any(d => d.Severity == Severity.Error);
}
