using System.CommandLine;
using GitOpsBackup.Cluster;
using GitOpsBackup.Rendering;
using GitOpsBackup.Restoring;
using GitOpsBackup.Specs;

namespace GitOpsBackup.Cli.Commands;

/// <summary>
/// What snapshots and restore share: the app and its settings from the config repo (PATH or --repo),
/// and where the snapshot list comes from: restic here (--local, with the credentials at hand) or a
/// short-lived Job in the app's namespace whose log is read.
/// </summary>
internal sealed class SnapshotSource
{
    private SnapshotSource(Command command)
    {
        Path = SourceOptions.PathArgument();
        command.Arguments.Add(App);
        command.Arguments.Add(Path);
        foreach (var option in new Option[] { Namespace, Volume, Dump, Local, Repository, PasswordFile, CaFile })
        {
            command.Options.Add(option);
        }

        Source = SourceOptions.AddTo(command, Path);
        Cluster.AddTo(command);
    }

    public Argument<string> App { get; } = new("APP") { Description = "The app (its HomelabBackup metadata.name)" };

    public Argument<string> Path { get; }

    public Option<string?> Namespace { get; } = new("--namespace", "-n") { Description = "The app's namespace, when two apps share the name" };

    public Option<string?> Volume { get; } = new("--volume") { Description = "One volume (PVC or bucket) of the app" };

    public Option<string?> Dump { get; } = new("--dump") { HelpName = "NAME", Description = "One database dump of the app (spec.dumps[].name) instead of a volume" };

    public Option<bool> Local { get; } = new("--local") { Description = "Run restic here with the credentials at hand (RESTIC_PASSWORD[_FILE], AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) instead of a Job in the cluster" };

    public Option<string?> Repository { get; } = new("--repository") { HelpName = "URL|PATH", Description = "With --local: this restic repository instead of the one BackupDefaults gives (e.g. the external disk's copy)" };

    public Option<string?> PasswordFile { get; } = new("--restic-password-file") { HelpName = "FILE", Description = "With --local: file holding the restic password" };

    public Option<string?> CaFile { get; } = new("--s3-ca-file") { HelpName = "FILE", Description = "With --local: PEM CA bundle of a self-signed S3 endpoint" };

    public SourceOptions Source { get; }

    public ClusterAccess Cluster { get; } = new();

    public static SnapshotSource AddTo(Command command) => new(command);

    /// <summary>The app's settings, or null with the error printed.</summary>
    public async Task<AppSettings?> LoadAppAsync(ParseResult parsed, CliContext context, CancellationToken ct)
    {
        using var resolved = await Source.ResolveOrReportAsync(parsed, context, ct);
        if (resolved is null)
        {
            return null;
        }

        var specs = new SpecLoader().Load(resolved.Tree!);
        var (app, error) = AppLookup.Find(specs, parsed.GetValue(App)!, parsed.GetValue(Namespace));
        if (app is null)
        {
            await context.Error.WriteLineAsync($"error: {error} (read from {resolved.Display})");
        }

        return app;
    }

    /// <summary>The app's snapshots (of one volume when given); errors are <see cref="IOException"/> with the message to print.</summary>
    public async Task<IReadOnlyList<ResticSnapshot>> ListAsync(ParseResult parsed, CliContext context, AppSettings app, string? volume, ClusterConnection? connection, CancellationToken ct)
    {
        if (parsed.GetValue(Local))
        {
            var (restic, error) = LocalRestic.Create(app, parsed.GetValue(Repository), parsed.GetValue(PasswordFile), parsed.GetValue(CaFile), Environment.GetEnvironmentVariable);
            return restic is null ? throw new IOException(error) : await restic.SnapshotsAsync(app, volume, ct);
        }

        if (parsed.GetValue(Repository) is not null || parsed.GetValue(PasswordFile) is not null || parsed.GetValue(CaFile) is not null)
        {
            throw new IOException("--repository, --restic-password-file and --s3-ca-file are for --local");
        }

        if (connection is null)
        {
            throw new IOException("no cluster to run the snapshot Job in");
        }

        if (connection.Simulated)
        {
            throw new IOException("the embedded (simulated) cluster runs no container, so a snapshot Job would list nothing; list them here with --local (restic and the repository's credentials at hand)");
        }

        var io = new RestoreIo(connection.Client, context.Time);
        var job = SnapshotJobRenderer.Render(app, context.Time.GetUtcNow());
        await io.CreateAsync([job], ct);
        await context.Error.WriteLineAsync($"listing snapshots with Job {app.App.Namespace}/{job.Metadata.Name} ...");
        var finished = await io.WaitJobAsync(app.App.Namespace, job.Metadata.Name, TimeSpan.FromMinutes(5), ct);
        var log = finished is null ? "" : await io.JobLogAsync(app.App.Namespace, job.Metadata.Name, ct);
        if (finished != true)
        {
            throw new IOException(finished is null
                ? $"Job {app.App.Namespace}/{job.Metadata.Name} did not finish within 5 minutes (kubectl -n {app.App.Namespace} describe job {job.Metadata.Name})"
                : $"Job {app.App.Namespace}/{job.Metadata.Name} failed: {log.Trim()}");
        }

        try
        {
            var snapshots = SnapshotReader.ParseLog(log);
            return volume is null ? snapshots : snapshots.Where(s => s.Volume == volume).ToList();
        }
        catch (FormatException ex)
        {
            throw new IOException($"Job {app.App.Namespace}/{job.Metadata.Name}: {ex.Message}", ex);
        }
    }
}
