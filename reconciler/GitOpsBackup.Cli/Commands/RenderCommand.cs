using System.CommandLine;
using System.Globalization;
using GitOpsBackup.Cli.Formatting;
using GitOpsBackup.Rendering;
using GitOpsBackup.Specs;

namespace GitOpsBackup.Cli.Commands;

/// <summary>
/// <c>gitops-backup render [PATH | --repo URL [--ref REF] [--path DIR]] [--out DIR] [--cycle DATE] [--revision REV]</c>: the desired
/// objects as multi-document YAML on stdout, or one file per object under DIR. Valid apps are
/// rendered even when others are broken; every broken app is named on stderr and the exit code is
/// then 1, so nothing disappears from the output silently.
/// </summary>
internal static class RenderCommand
{
    public static Command Create(CliContext context)
    {
        var path = SourceOptions.PathArgument();
        var outDir = new Option<string?>("--out") { Description = "Write one file per object, <namespace>/<kind>-<name>.yaml, under this folder (stale files we wrote are removed)" };
        var cycle = new Option<string?>("--cycle") { Description = "Also render the external-clone Job for this cycle date (yyyy-MM-dd); it is not rendered otherwise, because applying it runs it" };
        var revision = new Option<string>("--revision") { Description = "Revision recorded in the objects' revision annotation (default: the fetched revision with --repo, else working-tree)", DefaultValueFactory = _ => "working-tree" };
        var command = new Command("render", "Print the CronJobs (and optionally the clone Job) the specs ask for, as Kubernetes YAML")
        {
            path, outDir, cycle, revision,
        };
        var source = SourceOptions.AddTo(command, path);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            // PATH (a working tree) or --repo URL --ref REF [--path DIR] (a fetched revision).
            using var resolved = await source.ResolveOrReportAsync(parsed, context, cancellationToken);
            if (resolved is null)
            {
                return ExitCodes.UsageOrIo;
            }

            var root = resolved.LocalRoot ?? parsed.GetValue(source.SubPath) ?? ".";

            DateOnly? cycleDate = null;
            if (parsed.GetValue(cycle) is { } cycleText)
            {
                if (!DateOnly.TryParseExact(cycleText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    context.Error.WriteLine($"error: --cycle {cycleText}: expected a date as yyyy-MM-dd");
                    return ExitCodes.UsageOrIo;
                }

                cycleDate = date;
            }

            var specs = new SpecLoader().Load(resolved.Tree!);
            var revisionText = parsed.GetResult(revision) is { Implicit: false } ? parsed.GetValue(revision) : resolved.Revision?.ToString();

            // Each object is written as it is rendered, so the whole set (and its YAML) is never held at once.
            var dir = parsed.GetValue(outDir);
            var written = new HashSet<string>(StringComparer.Ordinal);
            var count = 0;
            void Write(Rendering.DesiredObject desired)
            {
                var yaml = RenderedYaml.Serialize(desired);
                if (dir is null)
                {
                    context.Out.Write(count == 0 ? yaml : "---\n" + yaml);
                }
                else
                {
                    var target = Path.Combine(dir, RenderedFiles.Path(desired));
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.WriteAllText(target, yaml);
                    written.Add(Path.GetFullPath(target));
                }

                count++;
            }

            var result = BackupRenderer.Render(new RenderInput(specs, ClusterFacts.Unknown, revisionText ?? "working-tree"), each: Write);
            if (cycleDate is { } day && result.CloneJob is not null)
            {
                Write(result.CloneJob.ForCycle(day));
            }

            if (dir is not null)
            {
                RemoveStale(dir, written);
                context.Out.WriteLine($"wrote {count} file(s) under {dir}");
            }

            return Report(context.Error, specs, result, root, cycleDate is not null) ? ExitCodes.Findings : ExitCodes.Ok;
        });
        return command;
    }

    // Prints every finding to stderr; true when there was an error.
    private static bool Report(TextWriter error, Specs.Model.SpecSet specs, RenderResult result, string root, bool cloneAsked)
    {
        if (specs.Diagnostics.Count > 0)
        {
            DiagnosticWriter.Write(error, specs, DiagnosticFormat.Text, root);
        }

        foreach (var diagnostic in result.Diagnostics)
        {
            error.WriteLine(diagnostic.ToString());
        }

        // AppKey orders by namespace, then name (ordinal): a total order, so the list reads the same on every run.
        foreach (var app in specs.BrokenApps.Order())
        {
            error.WriteLine($"error: {app}: not rendered, its spec has errors");
        }

        if (cloneAsked && result.CloneJob is null && specs.ExternalClone is null)
        {
            error.WriteLine("warning: --cycle given but the repo has no ExternalClone spec");
        }

        return specs.HasErrors || result.HasErrors;
    }

    // Objects gone from the specs must go from the folder too, or Flux would keep applying them.
    private static void RemoveStale(string dir, HashSet<string> written)
    {
        foreach (var stale in Directory.EnumerateFiles(dir, "*.yaml", SearchOption.AllDirectories))
        {
            if (!written.Contains(Path.GetFullPath(stale)) && RenderedFiles.IsOurs(File.ReadAllText(stale)))
            {
                File.Delete(stale);
            }
        }
    }
}
