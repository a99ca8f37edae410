using System.Diagnostics;
using GitOpsBackup.Rendering;

namespace GitOpsBackup.Restoring;

/// <summary>
/// restic run on this machine against the app's repository (the edge of <c>snapshots --local</c> and
/// <c>restore --local</c>): the repository URL is built from BackupDefaults exactly as the backup pod's
/// (or given, e.g. the external disk's copy), the credentials come from this process's environment
/// (RESTIC_PASSWORD or RESTIC_PASSWORD_FILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) or a password
/// file. Nothing secret is put on a command line or into a message.
/// </summary>
internal sealed class LocalRestic
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, string> _env;
    private readonly string? _caFile;

    private LocalRestic(string repository, Dictionary<string, string> env, string? caFile)
    {
        Repository = repository;
        _env = env;
        _caFile = caFile;
    }

    public string Repository { get; }

    /// <param name="environment">This process's environment variables (a parameter so tests can pass their own).</param>
    public static (LocalRestic? Restic, string? Error) Create(AppSettings app, string? repository, string? passwordFile, string? caFile, Func<string, string?> environment)
    {
        var repo = repository ?? CronJobRenderer.ResticRepository(app.Defaults.S3Endpoint, app.App.BackupBucket);
        var env = new Dictionary<string, string>(StringComparer.Ordinal) { [BackupEnv.ResticRepository] = repo };

        // Only what restic needs is handed on, read through the given environment.
        foreach (var name in new[] { "RESTIC_PASSWORD", BackupEnv.ResticPasswordFile, BackupEnv.AwsAccessKeyId, BackupEnv.AwsSecretAccessKey, BackupEnv.AwsRegion, "AWS_SESSION_TOKEN" })
        {
            if (environment(name) is { Length: > 0 } value)
            {
                env[name] = value;
            }
        }

        if (passwordFile is not null)
        {
            if (!File.Exists(passwordFile))
            {
                return (null, $"--restic-password-file {passwordFile}: no such file");
            }

            env[BackupEnv.ResticPasswordFile] = passwordFile;
        }
        else if (string.IsNullOrEmpty(environment("RESTIC_PASSWORD")) && string.IsNullOrEmpty(environment(BackupEnv.ResticPasswordFile)))
        {
            return (null, $"--local needs the password of {repo}: set RESTIC_PASSWORD or RESTIC_PASSWORD_FILE, or give --restic-password-file FILE " +
                $"(the cluster keeps it in Secret {app.Defaults.ResticPassword.SecretName}, key {app.Defaults.ResticPassword.Key})");
        }

        if (repo.StartsWith("s3:", StringComparison.Ordinal))
        {
            if (string.IsNullOrEmpty(environment(BackupEnv.AwsAccessKeyId)) || string.IsNullOrEmpty(environment(BackupEnv.AwsSecretAccessKey)))
            {
                return (null, $"--local reads {repo} over S3: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (the cluster keeps them in Secret {app.Defaults.S3Credentials.SecretName})");
            }

            if (string.IsNullOrEmpty(environment(BackupEnv.AwsRegion)))
            {
                env[BackupEnv.AwsRegion] = app.Defaults.S3Region;
            }
        }

        if (caFile is not null && !File.Exists(caFile))
        {
            return (null, $"--s3-ca-file {caFile}: no such file");
        }

        return (new LocalRestic(repo, env, caFile), null);
    }

    /// <summary>The app's snapshots (of one volume when given), each with its restore size from restic stats.</summary>
    public async Task<IReadOnlyList<ResticSnapshot>> SnapshotsAsync(AppSettings app, string? volume, CancellationToken cancellationToken)
    {
        var tags = volume is null ? $"app={app.App.Name}" : $"app={app.App.Name},volume={volume}";
        var listed = SnapshotReader.Parse(await RunAsync(["snapshots", "--json", "--host", app.ResticHost, "--tag", tags], cancellationToken));
        var sized = new List<ResticSnapshot>();
        foreach (var snapshot in listed)
        {
            sized.Add(snapshot.Bytes is null ? SnapshotReader.WithStats(snapshot, await RunAsync(["stats", "--json", snapshot.Id], cancellationToken)) : snapshot);
        }

        return sized;
    }

    private async Task<string> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("restic") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (_caFile is not null)
        {
            start.ArgumentList.Add("--cacert");
            start.ArgumentList.Add(_caFile);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in _env)
        {
            start.Environment[name] = value;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CallTimeout);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new IOException("restic did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new IOException($"cannot run restic ({ex.Message}); --local needs restic on PATH", ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new IOException($"restic {args[0]} against {Source.Redactor.ScrubUrls(Repository)} did not finish within {CallTimeout.TotalMinutes} minutes");
            }

            var output = await stdout;
            var error = (await stderr).Trim();
            return process.ExitCode == 0
                ? output
                : throw new IOException($"restic {args[0]} against {Source.Redactor.ScrubUrls(Repository)} exited {process.ExitCode}: {LastLine(error)}");
        }
    }

    private static string LastLine(string text) => text.Split('\n').LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "(no message)";
}
