using GitOpsBackup.Diffing;
using GitOpsBackup.Source;
using GitOpsBackup.Specs;
using GitOpsBackup.Tests.Fixtures;
using GitOpsBackup.Tests.Specs;

namespace GitOpsBackup.Tests.Diffing;

/// <summary>
/// A config repo with real commits for diff tests: the base commit on main (two apps, defaults, a
/// volume-mode external clone), a head commit on the branch "pr", and a working clone of it, as a CI
/// checkout would have. Times are fixed so the next runs are stable.
/// </summary>
internal sealed class DiffRepo : IDisposable
{
    /// <summary>Two days before Europe/Berlin springs forward (Sun 2026-03-29, 02:00 → 03:00).</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 27, 12, 0, 0, TimeSpan.Zero);

    public const string AppBackup = "apps/app/backup.yaml";
    public const string OtherBackup = "apps/other/backup.yaml";
    public const string CloneFile = "infrastructure/clone.yaml";

    public const string AppBody = """
          backupBucket: app-backup
          schedule: "0 1 * * *"
          timeZone: Europe/Berlin
          volumes:
            - name: data
            - name: media

        """;

    public const string OtherBody = """
          backupBucket: other-backup
          volumes:
            - name: data

        """;

    /// <summary>The shared device-mode clone spec, switched to volume mode on the disk's PVC.</summary>
    public static readonly string VolumeClone = SpecTexts.Clone
        .Replace("mode: device", "mode: volume", StringComparison.Ordinal)
        .Replace("device:\n    path: /dev/sdb1", "volume:\n    claimName: external-disk", StringComparison.Ordinal);

    public const string DeviceClone = SpecTexts.Clone;

    private readonly TempDirectory _dir = new();

    public DiffRepo()
    {
        Git = new GitTestRepo(_dir.Path, "config");
        Base = Git.Commit(BaseFiles(), "base");
    }

    public GitTestRepo Git { get; }

    /// <summary>The base commit (main).</summary>
    public string Base { get; }

    public static Dictionary<string, string?> BaseFiles() => new()
    {
        ["README.md"] = "config repo\n",
        ["infrastructure/defaults.yaml"] = SpecTexts.Defaults,
        [CloneFile] = VolumeClone,
        ["apps/app/pvc.yaml"] = Pvcs("data", "media"),
        [AppBackup] = SpecTexts.App(AppBody),
        ["apps/other/pvc.yaml"] = Pvcs("data"),
        [OtherBackup] = SpecTexts.App(OtherBody, name: "other", ns: "other"),
    };

    public static string Pvcs(params string[] names) => string.Join("---\n", names.Select(n => SpecTexts.Pvc.Replace("name: data", $"name: {n}", StringComparison.Ordinal)));

    /// <summary>Commits <paramref name="changes"/> (null deletes a file) on top of base, pushed as branch "pr"; returns its id.</summary>
    public string Head(Dictionary<string, string?> changes) => Git.Commit(changes, "head", "pr");

    /// <summary>A fresh clone of the repo (main checked out, origin/pr fetched): what a CI job works in.</summary>
    public string Checkout()
    {
        var work = Path.Combine(_dir.Path, "checkout-" + Guid.NewGuid().ToString("N")[..8]);
        GitCli.Run(_dir.Path, "clone", "-q", Git.BarePath, work);
        return work;
    }

    /// <summary>The report between two revisions, read with the same code the CLI uses.</summary>
    public DiffReport Diff(string baseRev, string headRev)
    {
        using var clone = LocalClone.Open(Git.BarePath);
        var loader = new SpecLoader();
        var (baseTree, _) = clone.Read(baseRev);
        var (headTree, _) = clone.Read(headRev);
        return StateDiffer.Diff(
            RevisionState.Load(loader, baseTree!, "base"),
            RevisionState.Load(loader, headTree!, "head"),
            new DiffOptions(Now));
    }

    /// <summary>Base against a head with these changes.</summary>
    public DiffReport DiffWith(Dictionary<string, string?> changes) => Diff(Base, Head(changes));

    public void Dispose() => _dir.Dispose();
}
