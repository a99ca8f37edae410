using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using GitOpsBackup.Specs;
using GitOpsBackup.Specs.Model;
using GitOpsBackup.Tests.Fixtures;
using k8s.Models;
using Xunit.Abstractions;

namespace GitOpsBackup.Tests.Rendering;

/// <summary>
/// The rendered backup pod's own script, run for real with Debian's restic and rclone against
/// s3rver on 127.0.0.1, as the pod's non-root user.
/// </summary>
[Collection(S3rverCollection.Name)]
public sealed partial class BackupScriptTests(S3rverFixture s3, ITestOutputHelper output) : IDisposable
{
    private readonly string _sfx = Guid.NewGuid().ToString("N")[..8];
    private readonly List<string> _cleanup = [];

    [GeneratedRegex(@"Files:\s+0 new,\s+0 changed,\s+\d+ unmodified")]
    private static partial Regex NothingNew();

    [GeneratedRegex(@"^Files: (\d+) new, \d+ changed, \d+ unmodified; (\d+) bytes added to the repository$", RegexOptions.Multiline)]
    private static partial Regex VolumeSummary();

    [Fact]
    public async Task BacksUpTwoVolumesAndABucket_RestoresByteForByte_AndRunsIncrementallyAfter()
    {
        var library = Folder("library");
        var postgres = Folder("postgres");
        var libraryFiles = TreeAssert.WriteRandom(library, seed: 1, count: 24, maxBytes: 200_000);
        var postgresFiles = TreeAssert.WriteRandom(postgres, seed: 2, count: 6, maxBytes: 1_500_000);
        var bucketSource = Folder("bucket-source");
        var bucketFiles = TreeAssert.WriteRandom(bucketSource, seed: 3, count: 8, maxBytes: 300_000);
        var sourceBucket = $"photos-{_sfx}";
        await s3.RcloneAsync(Folder("rclone-home"), "mkdir", $"s3:{sourceBucket}");
        await s3.RcloneAsync(Folder("rclone-home"), "copy", bucketSource, $"s3:{sourceBucket}");
        var app = App("immich", [new BackupVolume("library", false), new BackupVolume("postgres", false), new BackupVolume(sourceBucket, true)]);
        using var pod = Sandbox(app, new() { ["library"] = library, ["postgres"] = postgres });

        var first = await pod.RunAsync();

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("OK volume=library", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("OK volume=postgres", first.Stdout, StringComparison.Ordinal);
        Assert.Contains($"OK volume={sourceBucket} copied", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("RESULT status=success", first.Stdout, StringComparison.Ordinal);

        foreach (var (volume, source) in new[] { ("library", library), ("postgres", postgres) })
        {
            var target = Folder("restore-" + volume, mode: 777);
            var restore = await Restic(pod, "restore", "latest", "--host", pod.Environment["BACKUP_HOST"], "--tag", $"volume={volume}", "--target", target);
            Assert.True(restore.ExitCode == 0, restore.ToString());
            TreeAssert.Same(source, Path.Join(target, source));
        }

        var copied = Folder("bucket-copy");
        await s3.RcloneAsync(Folder("rclone-home"), "copy", "--fast-list", $"s3:backup-{_sfx}/buckets/{sourceBucket}", copied);
        TreeAssert.Same(bucketSource, copied);

        var firstSnapshots = await Snapshots(pod);
        Assert.Equal(2, firstSnapshots.Count);

        var second = await pod.RunAsync();

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(2, NothingNew().Count(second.Stdout));

        // Each volume's new snapshot builds on the first; keep-daily then keeps only the newest of the day.
        var snapshots = await Snapshots(pod);
        Assert.Equal(2, snapshots.Count);
        foreach (var volume in new[] { "library", "postgres" })
        {
            var before = firstSnapshots.Single(s => s.Tags.Contains($"volume={volume}"));
            var after = snapshots.Single(s => s.Tags.Contains($"volume={volume}"));
            Assert.NotEqual(before.Id, after.Id);
            Assert.Equal(before.Id, after.Parent);
            Assert.Equal(["app=immich", $"volume={volume}"], after.Tags.Order(StringComparer.Ordinal));
            Assert.Equal("immich.media", after.Host);
        }

        var files = libraryFiles.Count + postgresFiles.Count;
        var bytes = libraryFiles.Values.Sum() + postgresFiles.Values.Sum();
        output.WriteLine($"FIGURES backup: 2 volumes, {files} files, {bytes} bytes backed up and restored byte for byte; " +
            $"bucket {bucketFiles.Count} objects, {bucketFiles.Values.Sum()} bytes copied and compared; " +
            $"second run: 2 incremental snapshots (parent = first), 0 new and 0 changed files; same-day first snapshots forgotten by keep-daily, {snapshots.Count} left");
    }

    [Fact]
    public async Task Retention_KeepsExactlyWhatThePolicySays_AcrossFakedDates()
    {
        var live = Folder("live");
        TreeAssert.WriteRandom(live, seed: 4, count: 3, maxBytes: 1000);
        var history = Folder("history");
        TreeAssert.WriteRandom(history, seed: 5, count: 2, maxBytes: 1000);
        var app = App("paperless", [new BackupVolume("live", false)]);
        using var pod = Sandbox(app, new() { ["live"] = live });
        var init = await pod.RunAsync();
        Assert.True(init.ExitCode == 0, init.ToString());

        var dates = FakedDates();
        foreach (var date in dates)
        {
            var made = await Restic(pod, "backup", "--host", pod.Environment["BACKUP_HOST"], "--tag", "app=paperless", "--tag", "volume=history",
                "--time", date.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), history);
            Assert.True(made.ExitCode == 0, made.ToString());
        }

        var run = await pod.RunAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("OK forget --keep-daily 7 --keep-weekly 6 --keep-monthly 6 --keep-yearly 1", run.Stdout, StringComparison.Ordinal);
        var kept = (await Snapshots(pod)).Where(s => s.Tags.Contains("volume=history")).Select(s => s.Time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal).ToList();

        // 7 daily (03-25..03-31), 6 weekly adds 03-22, 03-15, 03-08, 03-01 (03-29 is already daily),
        // 6 monthly adds 02-22, 01-25, 2025-12-15, 11-15, 10-15; yearly 2026 is 03-31. 2024 goes.
        string[] expected =
        [
            "2025-10-15", "2025-11-15", "2025-12-15", "2026-01-25", "2026-02-22", "2026-03-01", "2026-03-08", "2026-03-15", "2026-03-22",
            "2026-03-25", "2026-03-26", "2026-03-27", "2026-03-28", "2026-03-29", "2026-03-30", "2026-03-31",
        ];
        Assert.Equal(expected, kept);
        output.WriteLine($"FIGURES retention (7 daily, 6 weekly, 6 monthly, 1 yearly): {dates.Count} snapshots over faked dates 2024-06-15..2026-03-31 -> {kept.Count} kept");
    }

    [Fact]
    public async Task UnreadableFile_IsReportedAsPartial_NotSuccess()
    {
        var data = Folder("data");
        TreeAssert.WriteRandom(data, seed: 6, count: 4, maxBytes: 5000);
        var locked = Path.Join(data, "locked.db");
        File.WriteAllText(locked, "only the app may read this");
        UnixFiles.SetMode(locked, 0);
        var app = App("gitea", [new BackupVolume("data", false)]);
        using var pod = Sandbox(app, new() { ["data"] = data });

        var run = await pod.RunAsync();

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("PARTIAL volume=data", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("RESULT status=partial", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("RESULT status=success", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("locked.db", run.Stderr, StringComparison.Ordinal);
        output.WriteLine($"FIGURES partial: restic exit 3 -> script exit {run.ExitCode}, {(await Snapshots(pod)).Count} incomplete snapshot kept");
    }

    [Fact]
    public async Task EmptySources_AreReported_AndNotBackedUpAsEmpty()
    {
        var full = Folder("full");
        TreeAssert.WriteRandom(full, seed: 7, count: 2, maxBytes: 100);
        var empty = Folder("empty");
        Directory.CreateDirectory(Path.Join(empty, "lost+found"));
        var emptyBucket = $"empty-{_sfx}";
        await s3.RcloneAsync(Folder("rclone-home"), "mkdir", $"s3:{emptyBucket}");
        var app = App("jellyfin", [new BackupVolume("full", false), new BackupVolume("empty", false), new BackupVolume(emptyBucket, true)]);
        using var pod = Sandbox(app, new() { ["full"] = full, ["empty"] = empty });

        var run = await pod.RunAsync();

        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.Contains("EMPTY volume=empty", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"EMPTY volume={emptyBucket}", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("OK volume=full", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("RESULT status=empty", run.Stdout, StringComparison.Ordinal);
        var snapshots = await Snapshots(pod);
        Assert.Equal(["volume=full"], snapshots.Select(s => s.Tags.Single(t => t.StartsWith("volume=", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task TerminationLog_GetsTheBytesResticAdded_SummedOverVolumes()
    {
        var media = Folder("media");
        var mediaFiles = TreeAssert.WriteRandom(media, seed: 9, count: 3, maxBytes: 40_000);
        var db = Folder("database");
        var dbFiles = TreeAssert.WriteRandom(db, seed: 10, count: 2, maxBytes: 40_000);
        var app = App("photos", [new BackupVolume("media", false), new BackupVolume("db", false)]);
        using var pod = Sandbox(app, new() { ["media"] = media, ["db"] = db });
        var termination = TerminationLog(pod);

        var first = await pod.RunAsync();

        Assert.True(first.ExitCode == 0, first.ToString());
        var firstBytes = BytesAdded(termination);
        var perVolume = VolumeSummary().Matches(first.Stdout).Select(m => long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(2, perVolume.Count);
        Assert.Equal(perVolume.Sum(), firstBytes);
        // Random data does not compress or deduplicate: restic stores at least every byte of it.
        var sourceBytes = mediaFiles.Values.Sum() + dbFiles.Values.Sum();
        Assert.True(firstBytes >= sourceBytes, $"bytes_added={firstBytes}, source {sourceBytes} bytes\n{first}");
        Assert.DoesNotContain("\"message_type\"", first.Stdout, StringComparison.Ordinal);

        var second = await pod.RunAsync();

        Assert.True(second.ExitCode == 0, second.ToString());
        var secondBytes = BytesAdded(termination);
        Assert.True(secondBytes < sourceBytes / 10, $"second run added {secondBytes} bytes\n{second}");
        output.WriteLine($"FIGURES bytes_added: first run {firstBytes} for {sourceBytes} source bytes in 2 volumes, unchanged second run {secondBytes}");
    }

    [Fact]
    public async Task ResticBackupFailing_AfterPrintingItsSummary_StillFailsTheScript()
    {
        var data = Folder("data");
        TreeAssert.WriteRandom(data, seed: 11, count: 2, maxBytes: 1000);
        var app = App("notes", [new BackupVolume("data", false)]);
        using var pod = Sandbox(app, new() { ["data"] = data });
        // The real restic does the backup, then this wrapper reports failure, as restic does when
        // it fails after its summary (e.g. saving the snapshot). The exit code must reach the script.
        var bin = Folder("bin");
        var real = (await ProcessRunner.RunAsync("/bin/sh", ["-c", "command -v restic"], new Dictionary<string, string>())).Stdout.Trim();
        var wrapper = Path.Join(bin, "restic");
        File.WriteAllText(wrapper, $"#!/bin/sh\n\"{real}\" \"$@\"\nrc=$?\nfor a in \"$@\"; do [ \"$a\" = backup ] && exit 1; done\nexit $rc\n");
        UnixFiles.SetMode(wrapper, 755);
        pod.Environment["PATH"] = bin + ":" + ProcessRunner.PlainPath;
        var termination = TerminationLog(pod);

        var run = await pod.RunAsync();

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Matches(VolumeSummary(), run.Stdout);
        Assert.Contains("FAILED volume=data: restic backup exited 1", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("SKIP forget", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("RESULT status=failed", run.Stdout, StringComparison.Ordinal);
        Assert.True(BytesAdded(termination) > 0, File.ReadAllText(termination));
    }

    [Fact]
    public async Task WrongPassword_Fails_WithoutTouchingTheRepository()
    {
        var data = Folder("data");
        TreeAssert.WriteRandom(data, seed: 8, count: 2, maxBytes: 100);
        var app = App("wiki", [new BackupVolume("data", false)]);
        using (var pod = Sandbox(app, new() { ["data"] = data }))
        {
            Assert.Equal(0, (await pod.RunAsync()).ExitCode);
        }

        using var wrong = Sandbox(app, new() { ["data"] = data }, password: "not-the-password");
        var run = await wrong.RunAsync();

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("RESULT status=failed", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", run.Output, StringComparison.Ordinal);
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

    // The kubelet's /dev/termination-log: an existing file the pod's user may write.
    private string TerminationLog(PodSandbox pod)
    {
        var file = Path.Join(Folder("termination", mode: 777), "termination-log");
        File.WriteAllText(file, "");
        UnixFiles.SetMode(file, 666);
        pod.Environment["BACKUP_TERMINATION_LOG"] = file;
        return file;
    }

    private static long BytesAdded(string terminationLog)
    {
        var text = File.ReadAllText(terminationLog);
        // A run that was not a success adds its outcome line (outcome=failed reason=...).
        Assert.Matches(@"^bytes_added=\d+\n(outcome=[a-z]+ reason=[a-z,-]+\n)?$", text);
        return long.Parse(text.Split('\n')[0]["bytes_added=".Length..], CultureInfo.InvariantCulture);
    }

    // Daily for the last 17 days, Sundays for 10 weeks before, the 15th of 2025's months, one in 2024.
    private static List<DateTime> FakedDates()
    {
        var dates = new List<DateTime>();
        for (var day = new DateTime(2026, 3, 15, 2, 30, 0, DateTimeKind.Unspecified); day <= new DateTime(2026, 3, 31, 2, 30, 0, DateTimeKind.Unspecified); day = day.AddDays(1))
        {
            dates.Add(day);
        }

        for (var sunday = new DateTime(2026, 1, 4, 2, 30, 0, DateTimeKind.Unspecified); sunday <= new DateTime(2026, 3, 8, 2, 30, 0, DateTimeKind.Unspecified); sunday = sunday.AddDays(7))
        {
            dates.Add(sunday);
        }

        dates.AddRange(Enumerable.Range(1, 12).Select(month => new DateTime(2025, month, 15, 2, 30, 0, DateTimeKind.Unspecified)));
        dates.Add(new DateTime(2024, 6, 15, 2, 30, 0, DateTimeKind.Unspecified));
        return dates;
    }

    private HomelabBackup App(string name, IReadOnlyList<BackupVolume> volumes) => new()
    {
        Name = name,
        Namespace = "media",
        BackupBucket = $"backup-{_sfx}",
        Schedule = "H 2 * * *",
        Volumes = volumes,
        Location = new SourceLocation($"apps/{name}/backup.yaml", 1, 1),
    };

    private PodSandbox Sandbox(HomelabBackup app, Dictionary<string, string> claims, string? password = null)
    {
        var result = TestSpecs.Render([app], defaults: TestSpecs.Defaults(s3.Endpoint));
        Assert.False(result.HasErrors, string.Join('\n', result.Diagnostics));
        var pod = ((V1CronJob)result.Objects.Single().Resource).Spec.JobTemplate.Spec.Template.Spec;
        var secrets = new Dictionary<(string, string), string>
        {
            [(TestSpecs.S3Secret, TestSpecs.S3KeyId)] = S3rverFixture.AccessKey,
            [(TestSpecs.S3Secret, TestSpecs.S3SecretKey)] = S3rverFixture.SecretKey,
            [(TestSpecs.ResticSecret, TestSpecs.ResticKey)] = password ?? $"repo-password-{_sfx}",
            [(TestSpecs.CaSecret, TestSpecs.CaKey)] = File.ReadAllText(s3.CaFile),
        };
        return new PodSandbox(pod, secrets, claims);
    }

    // restic with the pod's own environment, as the pod's user (the cache belongs to it).
    private static Task<ProcessResult> Restic(PodSandbox pod, params string[] args) =>
        ProcessRunner.RunAsync("restic", ["--cacert", pod.Environment["RESTIC_CACERT"], .. args], pod.Environment, TimeSpan.FromMinutes(2), asNobody: true);

    private static async Task<List<ResticSnapshot>> Snapshots(PodSandbox pod)
    {
        var result = await Restic(pod, "snapshots", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.EnumerateArray().Select(s => new ResticSnapshot(
            s.GetProperty("short_id").GetString()!,
            s.GetProperty("id").GetString()!,
            s.TryGetProperty("parent", out var parent) ? parent.GetString() : null,
            s.GetProperty("hostname").GetString()!,
            s.GetProperty("time").GetDateTimeOffset(),
            s.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToList())).ToList();
    }

    private sealed record ResticSnapshot(string ShortId, string Id, string? Parent, string Host, DateTimeOffset Time, List<string> Tags);

    private string Folder(string name, int mode = 755)
    {
        var folder = Path.Join(Path.GetTempPath(), $"gob-{name}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(folder);
        UnixFiles.SetMode(folder, mode);
        _cleanup.Add(folder);
        return folder;
    }
}
