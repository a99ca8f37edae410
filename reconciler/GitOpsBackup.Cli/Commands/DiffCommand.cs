using System.CommandLine;
using GitOpsBackup.Cluster;
using GitOpsBackup.Diffing;
using GitOpsBackup.Reconciling;
using GitOpsBackup.Source;
using GitOpsBackup.Specs;
using LibGit2Sharp;
using Spectre.Console;

namespace GitOpsBackup.Cli.Commands;

/// <summary>
/// <c>gitops-backup diff --base REV [--head REV] [PATH] [--path DIR] [--format text|markdown|json] [--objects]</c>:
/// renders the config repo at two revisions of a local clone (or of <c>--repo URL</c>) and reports what
/// the change does to the backups, per app, then the object-level YAML diff. No cluster needed; with
/// <c>--kubeconfig</c> it also plans head against that cluster (drift, prunes, the prune guard).
/// Without --head the working tree at PATH is the head. Exit 0 no change, 1 changes (or errors at
/// head), 2 usage or I/O error.
/// </summary>
internal static class DiffCommand
{
    private const string WorkingTree = "working tree";

    public static Command Create(CliContext context)
    {
        var path = SourceOptions.PathArgument();
        path.Description = "A folder of the local clone (the config repo's root, or the folder holding the specs)";
        var baseRev = new Option<string>("--base") { HelpName = "REV", Required = true, Description = "The revision to compare from: a branch, tag, origin/main, HEAD~1 or a commit SHA" };
        var headRev = new Option<string?>("--head") { HelpName = "REV", Description = "The revision to compare to (default: the working tree at PATH; required with --repo)" };
        var format = new Option<string>("--format") { Description = "text (coloured on a terminal), markdown (a pull-request comment) or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "markdown", "json");
        var objects = new Option<bool>("--objects") { Description = "text: print the YAML diff of each changed object, not only its name" };
        var command = new Command("diff", "What a change to the config repo does to the backups (offline): per app, warnings first, then the YAML")
        {
            path, baseRev, headRev, format, objects,
        };
        var source = SourceOptions.AddTo(command, path);
        var cluster = new ClusterAccess();
        cluster.Kubeconfig.Description = "Also read this cluster: objects that drifted, objects apply would prune, the prune guard's verdict (without it diff never contacts a cluster)";
        cluster.AddTo(command);
        var prune = new PruneOptions();
        prune.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            if (parsed.GetValue(source.Ref) is not null)
            {
                await context.Error.WriteLineAsync("error: diff takes --base and --head, not --ref");
                return ExitCodes.UsageOrIo;
            }

            if (parsed.GetValue(cluster.Context) is not null && parsed.GetValue(cluster.Kubeconfig) is null)
            {
                await context.Error.WriteLineAsync("error: --context needs --kubeconfig (diff reads a cluster only when told which)");
                return ExitCodes.UsageOrIo;
            }

            var loader = new SpecLoader();
            (RevisionState Base, RevisionState Head)? states;
            try
            {
                states = parsed.GetValue(source.Repo) is null
                    ? await LoadLocalAsync(context, loader, parsed.GetValue(path) ?? ".", parsed.GetValue(source.SubPath), parsed.GetValue(baseRev)!, parsed.GetValue(headRev))
                    : await LoadRemoteAsync(context, loader, source, parsed, parsed.GetValue(baseRev)!, parsed.GetValue(headRev), ct);
            }
            catch (Exception ex) when (ex is SourceException or LibGit2SharpException or IOException or UnauthorizedAccessException)
            {
                await context.Error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.UsageOrIo;
            }

            if (states is not var (before, after))
            {
                return ExitCodes.UsageOrIo;
            }

            // The next runs of a changed schedule count from now, on the injected clock.
            var report = StateDiffer.Diff(before, after, new DiffOptions(context.Time.GetUtcNow()));
            if (parsed.GetValue(cluster.Kubeconfig) is not null)
            {
                // Only when asked: what head would do to the live cluster, through the same plan as `plan`.
                if (await LiveAsync(context, cluster, prune, parsed, after, report, ct) is not { } live)
                {
                    return ExitCodes.UsageOrIo;
                }

                report = report with { Live = live };
            }
            switch (parsed.GetValue(format))
            {
                case "markdown":
                    await context.Out.WriteAsync(DiffMarkdownPrinter.Print(report));
                    break;
                case "json":
                    await context.Out.WriteAsync(DiffJsonPrinter.Print(report));
                    break;
                default:
                    await WriteTextAsync(context, report, parsed.GetValue(objects));
                    break;
            }

            return report.HasChanges || !report.HeadValid ? ExitCodes.Findings : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Both revisions from the clone that holds PATH; the head is the working tree when no --head is given.</summary>
    private static async Task<(RevisionState, RevisionState)?> LoadLocalAsync(CliContext context, SpecLoader loader, string path, string? subPath, string baseRev, string? headRev)
    {
        using var clone = LocalClone.Open(path);
        var (baseTree, baseRevision) = clone.Read(baseRev, subPath);
        IRepoTree? headTree;
        string headLabel;
        if (headRev is null)
        {
            var root = subPath is null ? path : Path.Combine(path, subPath);
            headTree = Directory.Exists(root) ? new DirectoryRepoTree(root) : null;
            headLabel = WorkingTree;
        }
        else
        {
            var (tree, revision) = clone.Read(headRev, subPath);
            headTree = tree;
            headLabel = Label(revision);
        }

        var folder = string.Join('/', new[] { clone.Prefix, subPath ?? "" }.Where(p => p.Length > 0));
        var shown = folder.Length == 0 ? "the repository root" : folder;
        if (baseTree is null && headTree is null)
        {
            await context.Error.WriteLineAsync($"error: {shown} exists at neither {Label(baseRevision)} nor {headLabel}");
            return null;
        }

        // A folder that appears (the first pull request) or goes compares against nothing.
        foreach (var (tree, label) in new[] { (baseTree, Label(baseRevision)), (headTree, headLabel) })
        {
            if (tree is null)
            {
                await context.Error.WriteLineAsync($"note: {shown} does not exist at {label}; compared as empty");
            }
        }

        // Load while the clone is open: the trees read their blobs lazily.
        return (RevisionState.Load(loader, baseTree ?? EmptyTree.Instance, Label(baseRevision)),
                RevisionState.Load(loader, headTree ?? EmptyTree.Instance, headLabel));
    }

    /// <summary>Both revisions fetched from --repo through the cached clone the other verbs use.</summary>
    private static async Task<(RevisionState, RevisionState)?> LoadRemoteAsync(CliContext context, SpecLoader loader, SourceOptions source, ParseResult parsed, string baseRev, string? headRev, CancellationToken ct)
    {
        if (headRev is null)
        {
            await context.Error.WriteLineAsync("error: with --repo, give --head too (there is no working tree)");
            return null;
        }

        var before = await FetchAsync(baseRev);
        var after = before is null ? null : await FetchAsync(headRev);
        return before is null || after is null ? null : (before, after);

        async Task<RevisionState?> FetchAsync(string rev)
        {
            // One revision at a time: each fetch opens the cached clone, and it is closed before the next.
            using var resolved = await source.ResolveAsync(parsed, context, rev, ct);
            if (resolved.Error is { } error)
            {
                await context.Error.WriteLineAsync($"error: {error}");
                return null;
            }

            return RevisionState.Load(loader, resolved.Tree!, Label(resolved.Revision!));
        }
    }

    private static async Task<LiveCheck?> LiveAsync(CliContext context, ClusterAccess cluster, PruneOptions prune, ParseResult parsed, RevisionState head, DiffReport report, CancellationToken ct)
    {
        var desired = head.Desired();
        try
        {
            await using var connection = await cluster.OpenAsync(parsed, context, desired, ct);
            using var pass = ReconcilePass.OneShot(RepoState.FromDesired(head.Revision, desired), connection.Client, PassOptions.PlanOnly with { Plan = prune.Read(parsed) }, context.Time);
            var outcome = await pass.RunAsync(ct);
            if (outcome.Plan is not { } plan)
            {
                await context.Error.WriteLineAsync($"error: {string.Join("; ", outcome.Errors)}");
                return null;
            }

            return LiveChecker.From(plan, report, connection.Description);
        }
        catch (Exception ex) when (ex is ClusterApiException or ClusterConnectionException)
        {
            await context.Error.WriteLineAsync($"error: {ex.Message}");
            return null;
        }
    }

    /// <summary>"main@1a2b3c4d5e6f", or just the short SHA when a SHA was given.</summary>
    private static string Label(GitRevision revision)
    {
        var sha = revision.CommitId[..Math.Min(12, revision.CommitId.Length)];
        return revision.CommitId.StartsWith(revision.RefName, StringComparison.OrdinalIgnoreCase) ? sha : $"{revision.RefName}@{sha}";
    }

    private static async Task WriteTextAsync(CliContext context, DiffReport report, bool showObjects)
    {
        var colour = ReferenceEquals(context.Out, Console.Out) && !Console.IsOutputRedirected
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        if (!colour)
        {
            await context.Out.WriteAsync(DiffTextPrinter.Plain(report, showObjects));
            return;
        }

        foreach (var line in DiffTextPrinter.Lines(report, showObjects))
        {
            var text = Markup.Escape(line.Text);
            AnsiConsole.MarkupLine(line.Style switch
            {
                LineStyle.Heading => $"[bold]{text}[/]",
                LineStyle.Added => $"[green]{text}[/]",
                LineStyle.Removed => $"[red]{text}[/]",
                LineStyle.Changed => $"[yellow]{text}[/]",
                LineStyle.Warning => $"[darkorange]{text}[/]",
                LineStyle.Danger => $"[bold red]{text}[/]",
                LineStyle.Dim => $"[grey]{text}[/]",
                _ => text,
            });
        }
    }
}
