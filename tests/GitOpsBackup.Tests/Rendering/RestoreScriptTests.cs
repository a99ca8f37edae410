using System.Globalization;
using GitOpsBackup.Rendering;
using GitOpsBackup.Restoring;
using GitOpsBackup.Specs;
using GitOpsBackup.Specs.Model;
using GitOpsBackup.Tests.Fixtures;
using GitOpsBackup.Tests.Specs;
using k8s.Models;
using Xunit.Abstractions;

namespace GitOpsBackup.Tests.Rendering;

/// <summary>
/// The restore and drill pods' own scripts, run for real with restic against s3rver, after the real
/// backup script made the snapshots; the snapshot list comes from <see cref="LocalRestic"/> (the
/// <c>--local</c> path) and the plan from <see cref="RestorePlanner"/>, as the CLI does it.
/// </summary>
[Collection(S3rverCollection.Name)]
public sealed class RestoreScriptTests(S3rverFixture s3, ITestOutputHelper output) : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 7, 0, 0, TimeSpan.Zero);
    private readonly string _sfx = Guid.NewGuid().ToString("N")[..8];
    private readonly List<string> _cleanup = [];

    [Fact]
    public async Task BackUp_RestoreIntoANewPvc_IsByteForByte()
    {
        var data = Folder("data");
        var files = TreeAssert.WriteRandom(data, seed: 11, count: 20, maxBytes: 150_000);
        Directory.CreateDirectory(Path.Join(data, "nested", "deeper"));
        File.WriteAllText(Path.Join(data, "nested", "deeper", ".hidden"), "dot files come back too");
        var app = App("wiki", [new BackupVolume("data", false)]);
        await BackUpAsync(app, new() { ["data"] = data });

        var settings = Settings(app);
        var snapshots = await LocalSnapshotsAsync(settings, "data");

        // The cluster path lists the same snapshots: the listing Job's own script, its log read as the CLI reads it.
        var listing = SnapshotJobRenderer.Render(settings, Now);
        Assert.Equal(("apps", "snapshots-wiki-20261202-070000", 0), (listing.Metadata.NamespaceProperty, listing.Metadata.Name, listing.Spec.BackoffLimit));
        RestrictedProfile.AssertRestricted(listing.Spec.Template.Spec);
        using (var lister = Sandbox(app, [], listing.Spec.Template.Spec))
        {
            var listed = await lister.RunAsync();
            Assert.True(listed.ExitCode == 0, listed.ToString());
            var fromLog = SnapshotReader.ParseLog(listed.Stdout);
            Assert.Equal(snapshots.Select(s => (s.Id, s.Bytes)), fromLog.Select(s => (s.Id, s.Bytes)));
        }

        var plan = Plan(settings, new RestoreRequest(), snapshots);
        Assert.True(plan.NewTarget);
        Assert.Equal($"data-restore-{Now:yyyyMMdd-HHmm}", plan.Target);

        var target = Folder("target", mode: 777);
        var run = await RunRestoreAsync(plan, settings, target);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("RESULT status=restored", run.Stdout, StringComparison.Ordinal);
        TreeAssert.Same(data, target);
        Assert.False(Directory.Exists(Path.Join(target, ".gitops-backup-staging")));
        output.WriteLine($"FIGURES restore: {files.Count + 1} files, {files.Values.Sum()} bytes backed up by backup.sh and restored by restore.sh into a new PVC, byte for byte");
    }

    [Fact]
    public async Task AsOf_RestoresTheOlderSnapshot_AndInPlaceKeepsTheLiveContentAside()
    {
        var data = Folder("data", mode: 777);
        File.WriteAllText(Path.Join(data, "state.txt"), "version 1, November");
        File.WriteAllText(Path.Join(data, "only-in-v1.txt"), "gone later");
        var app = App("ledger", [new BackupVolume("data", false)]);
        using (var first = Sandbox(app, new() { ["data"] = data }, BackupPod(app)))
        {
            // The older snapshot: dated November (the backup script always says "now"), same host, tags and path.
            Assert.Equal(0, (await first.RunAsync()).ExitCode);
            var made = await ResticAsync(first, "backup", "--host", first.Environment["BACKUP_HOST"], "--tag", "app=ledger", "--tag", "volume=data", "--time", "2026-11-01 02:30:00", data);
            Assert.True(made.ExitCode == 0, made.ToString());
        }

        File.Delete(Path.Join(data, "only-in-v1.txt"));
        File.WriteAllText(Path.Join(data, "state.txt"), "version 2, December");
        await BackUpAsync(app, new() { ["data"] = data });

        var settings = Settings(app);
        var snapshots = await LocalSnapshotsAsync(settings, "data");
        var plan = Plan(settings, new RestoreRequest { AsOf = new DateTimeOffset(2026, 11, 15, 0, 0, 0, TimeSpan.Zero), InPlace = true }, snapshots);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 2, 30, 0, TimeSpan.Zero), plan.Snapshot!.Time.ToUniversalTime());

        // In place: the "live" volume is the backed-up folder itself, holding version 2.
        var run = await RunRestoreAsync(plan, settings, data);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("version 1, November", File.ReadAllText(Path.Join(data, "state.txt")));
        Assert.True(File.Exists(Path.Join(data, "only-in-v1.txt")));
        var aside = Path.Join(data, $".gitops-backup-replaced-{plan.Stamp}");
        Assert.Equal("version 2, December", File.ReadAllText(Path.Join(aside, "state.txt")));
        output.WriteLine($"FIGURES as-of: {snapshots.Count} snapshots, --as-of 2026-11-15 chose {plan.Snapshot.ShortId} of 2026-11-01; restored in place, live content moved aside");
    }

    [Fact]
    public async Task Drill_PassesItsRule_AndFailsWhenTheRuleIsNotMet()
    {
        var data = Folder("data");
        TreeAssert.WriteRandom(data, seed: 12, count: 5, maxBytes: 20_000);
        File.WriteAllText(Path.Join(data, "db.sqlite3"), "the database");
        var app = App("vault", [new BackupVolume("data", false)]);
        await BackUpAsync(app, new() { ["data"] = data });

        var passing = app with { Verify = new VerifyPolicy { Enabled = true, MinFiles = 6, MinBytes = 10, ExpectFiles = ["data/db.sqlite3"] } };
        using (var pod = Sandbox(passing, [], DrillPod(passing)))
        {
            var run = await pod.RunAsync();
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("OK check 5%", run.Stdout, StringComparison.Ordinal);
            Assert.Contains("OK volume=data has db.sqlite3", run.Stdout, StringComparison.Ordinal);
            Assert.Contains("RESULT status=passed", run.Stdout, StringComparison.Ordinal);
        }

        var failing = app with { Verify = new VerifyPolicy { Enabled = true, MinFiles = 1000, ExpectFiles = ["data/missing.db"] } };
        using (var pod = Sandbox(failing, [], DrillPod(failing)))
        {
            var run = await pod.RunAsync();
            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Contains("FAILED volume=data: snapshot", run.Stdout, StringComparison.Ordinal);
            Assert.Contains("the rule wants at least 1000", run.Stdout, StringComparison.Ordinal);
            Assert.Contains("FAILED volume=data: expected file missing.db is missing", run.Stdout, StringComparison.Ordinal);
            Assert.Contains("RESULT status=failed", run.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Bucket_IsRestoredIntoANamedBucket_NeverOverTheLiveOne()
    {
        var source = Folder("bucket-source");
        TreeAssert.WriteRandom(source, seed: 13, count: 4, maxBytes: 30_000);
        var live = $"photos-{_sfx}";
        await s3.RcloneAsync(Folder("rclone-home"), "mkdir", $"s3:{live}");
        await s3.RcloneAsync(Folder("rclone-home"), "copy", source, $"s3:{live}");
        var app = App("photos", [new BackupVolume(live, true)]);
        await BackUpAsync(app, []);

        var settings = Settings(app);
        Assert.IsType<RestoreDecision.Refused>(RestorePlanner.Decide(settings, new RestoreRequest(), [], VolumeFacts.Unknown, Now));
        Assert.IsType<RestoreDecision.Refused>(RestorePlanner.Decide(settings, new RestoreRequest { ToBucket = live }, [], VolumeFacts.Unknown, Now));
        var plan = Plan(settings, new RestoreRequest { ToBucket = $"photos-restored-{_sfx}" }, []);
        var job = (V1Job)RestoreJobRenderer.Render(plan, settings).Single();
        using var pod = Sandbox(app, [], job.Spec.Template.Spec);

        var run = await pod.RunAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"OK bucket {live} restored to photos-restored-{_sfx}", run.Stdout, StringComparison.Ordinal);
        var copied = Folder("bucket-copy");
        await s3.RcloneAsync(Folder("rclone-home"), "copy", "--fast-list", $"s3:photos-restored-{_sfx}", copied);
        TreeAssert.Same(source, copied);
    }

    public void Dispose()
    {
        foreach (var folder in _cleanup)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS; cleanup never fails a test.
            }
        }
    }

    private async Task BackUpAsync(HomelabBackup app, Dictionary<string, string> claims)
    {
        using var pod = Sandbox(app, claims, BackupPod(app));
        var run = await pod.RunAsync();
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    private async Task<ProcessResult> RunRestoreAsync(RestorePlan plan, AppSettings settings, string target)
    {
        var objects = RestoreJobRenderer.Render(plan, settings);
        var job = objects.OfType<V1Job>().Single();
        RestrictedProfile.AssertRestricted(job.Spec.Template.Spec);
        using var pod = Sandbox(settings.App, new() { [plan.Target] = target }, job.Spec.Template.Spec);
        return await pod.RunAsync();
    }

    private async Task<IReadOnlyList<ResticSnapshot>> LocalSnapshotsAsync(AppSettings settings, string volume)
    {
        var password = Path.Join(Folder("password"), "password");
        await File.WriteAllTextAsync(password, $"repo-password-{_sfx}");
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AWS_ACCESS_KEY_ID"] = S3rverFixture.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = S3rverFixture.SecretKey,
        };
        var (restic, error) = LocalRestic.Create(settings, null, password, s3.CaFile, name => env.GetValueOrDefault(name));
        Assert.True(restic is not null, error);
        return await restic!.SnapshotsAsync(settings, volume, CancellationToken.None);
    }

    private static RestorePlan Plan(AppSettings settings, RestoreRequest request, IReadOnlyList<ResticSnapshot> snapshots)
    {
        var decision = RestorePlanner.Decide(settings, request, snapshots, VolumeFacts.Unknown, Now);
        return Assert.IsType<RestoreDecision.Planned>(decision).Plan;
    }

    private AppSettings Settings(HomelabBackup app) => AppSettings.Merge(app, TestSpecs.Defaults(s3.Endpoint), "0 2 * * *");

    private V1PodSpec BackupPod(HomelabBackup app)
    {
        var result = TestSpecs.Render([app], defaults: TestSpecs.Defaults(s3.Endpoint));
        Assert.False(result.HasErrors, string.Join('\n', result.Diagnostics));
        return result.Objects.Select(o => (V1CronJob)o.Resource).Single(c => c.Metadata.Name.StartsWith("backup-", StringComparison.Ordinal)).Spec.JobTemplate.Spec.Template.Spec;
    }

    private V1PodSpec DrillPod(HomelabBackup app)
    {
        var result = TestSpecs.Render([app], defaults: TestSpecs.Defaults(s3.Endpoint));
        var drill = result.Objects.Select(o => (V1CronJob)o.Resource).Single(c => c.Metadata.Name.StartsWith("verify-", StringComparison.Ordinal));
        Assert.Null(drill.Spec.JobTemplate.Spec.Suspend);
        RestrictedProfile.AssertRestricted(drill.Spec.JobTemplate.Spec.Template.Spec);
        return drill.Spec.JobTemplate.Spec.Template.Spec;
    }

    private PodSandbox Sandbox(HomelabBackup app, Dictionary<string, string> claims, V1PodSpec pod)
    {
        var secrets = new Dictionary<(string, string), string>
        {
            [(TestSpecs.S3Secret, TestSpecs.S3KeyId)] = S3rverFixture.AccessKey,
            [(TestSpecs.S3Secret, TestSpecs.S3SecretKey)] = S3rverFixture.SecretKey,
            [(TestSpecs.ResticSecret, TestSpecs.ResticKey)] = $"repo-password-{_sfx}",
            [(TestSpecs.CaSecret, TestSpecs.CaKey)] = File.ReadAllText(s3.CaFile),
        };
        _ = app;
        return new PodSandbox(pod, secrets, claims);
    }

    private static Task<ProcessResult> ResticAsync(PodSandbox pod, params string[] args) =>
        ProcessRunner.RunAsync("restic", ["--cacert", pod.Environment["RESTIC_CACERT"], .. args], pod.Environment, TimeSpan.FromMinutes(2), asNobody: true);

    private HomelabBackup App(string name, IReadOnlyList<BackupVolume> volumes) => MinimalSpecs.App with
    {
        Name = name,
        Namespace = "apps",
        BackupBucket = $"backup-{name}-{_sfx}",
        Schedule = "H 2 * * *",
        Volumes = volumes,
        Location = new SourceLocation($"apps/{name}/backup.yaml", 1, 1),
    };

    // Under /var/tmp, not /tmp: the sandbox maps every path under a pod mount (the pod has its own /tmp)
    // onto its folder, and the snapshot's path must reach the script as the backup recorded it.
    private string Folder(string name, int mode = 755)
    {
        var folder = Path.Join("/var/tmp", $"gob-{name}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(folder);
        UnixFiles.SetMode(folder, mode);
        _cleanup.Add(folder);
        return folder;
    }
}
