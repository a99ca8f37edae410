using GitOpsBackup.Rendering;
using GitOpsBackup.Restoring;
using GitOpsBackup.Source;
using GitOpsBackup.Specs;
using GitOpsBackup.Tests.Fixtures;
using GitOpsBackup.Tests.Rendering;
using k8s.Models;

namespace GitOpsBackup.Tests.Restoring;

/// <summary>The restore planner's rules, table-driven, and the dry run of the seed's nextcloud app as a reviewed snapshot.</summary>
public sealed class RestorePlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 7, 0, 0, TimeSpan.Zero);

    private static readonly VolumeFacts Live = new() { Capacity = "50Gi", StorageClass = "ceph-block" };

    private static readonly VolumeFacts Mounted = Live with
    {
        MountedBy = ["nextcloud-7d9f8b6c5-x2k4p"],
        Workloads = [new Workload("Deployment", "nextcloud", 1)],
    };

    private static readonly IReadOnlyList<ResticSnapshot> Snapshots =
    [
        Snap("5c0a2f9e", "2026-11-29T02:30:41Z", 1_604_322_111, 48_211),
        Snap("a41b7d03", "2026-11-30T02:30:37Z", 1_611_004_958, 48_390),
        Snap("e9d1c4b8", "2026-12-01T02:30:44Z", 1_612_377_320, 48_402),
        Snap("f00dbabe", "2026-12-02T02:30:40Z", 1_613_001_002, 48_455),
    ];

    [Fact]
    public void Nextcloud_DryRun_AsOf_MatchesSnapshot()
    {
        var app = Nextcloud();
        var request = new RestoreRequest { Volume = "my-nextcloud-pvc", AsOf = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero) };

        var plan = Assert.IsType<RestoreDecision.Planned>(RestorePlanner.Decide(app, request, Snapshots, Live, Now)).Plan;

        Assert.Equal("e9d1c4b8", plan.Snapshot!.ShortId);
        Assert.Equal("my-nextcloud-pvc-restore-20261202-0700", plan.Target);
        Snapshot.Verify("restore-nextcloud-dry-run", RestorePlanPrinter.Text(plan, applied: false), "txt");
        var objects = RestoreJobRenderer.Render(plan, app);
        Snapshot.Verify("restore-nextcloud-objects", string.Concat(objects.Select(o => RenderedYaml.Serialize(new DesiredObject(null, o)))));
        RestrictedProfile.AssertRestricted(objects.OfType<V1Job>().Single().Spec.Template.Spec);
    }

    [Fact]
    public void Latest_IsTheDefault_AndASnapshotIdPrefixPinsOne()
    {
        var app = Nextcloud();
        var latest = Planned(app, new RestoreRequest { Volume = "my-nextcloud-pvc" });
        var pinned = Planned(app, new RestoreRequest { Volume = "my-nextcloud-pvc", SnapshotId = "a41b" });

        Assert.Equal("f00dbabe", latest.Snapshot!.ShortId);
        Assert.Equal("the latest", latest.Choice);
        Assert.Equal("a41b7d03", pinned.Snapshot!.ShortId);
        Assert.Equal("50Gi", latest.TargetSize);
        Assert.Equal("ceph-block", latest.StorageClass);
    }

    [Fact]
    public void InPlace_WithScaleDown_StopsTheWorkloadsMountingThePvc()
    {
        var plan = Assert.IsType<RestoreDecision.Planned>(RestorePlanner.Decide(Nextcloud(), new RestoreRequest { Volume = "my-nextcloud-pvc", InPlace = true, ScaleDown = true }, Snapshots, Mounted, Now)).Plan;

        Assert.Equal("my-nextcloud-pvc", plan.Target);
        Assert.False(plan.NewTarget);
        Assert.Equal([new Workload("Deployment", "nextcloud", 1)], plan.ScaleDown);
        Assert.Single(RestoreJobRenderer.Render(plan, Nextcloud()));
    }

    public static TheoryData<string, string, string> Refusals => new()
    {
        // case, reason part, first step part
        { "no-volume", "has 2 volumes; say which one", "my-nextcloud-pvc, my-nextcloud-data-bucket" },
        { "unknown-volume", "has no volume 'photos'", "give --volume one of" },
        { "in-place-mounted", "PVC nextcloud/my-nextcloud-pvc is mounted by pod nextcloud-7d9f8b6c5-x2k4p", "flux suspend kustomization" },
        { "to-live-pvc", "--to-pvc my-nextcloud-pvc is the live PVC", "--in-place" },
        { "target-exists", "already exists; a restore goes into a new, empty PVC", "another --to-pvc" },
        { "as-of-too-early", "no snapshot of volume my-nextcloud-pvc was taken at or before 2026-01-01 00:00:00 UTC", "the oldest is 5c0a2f9e" },
        { "unknown-id", "no snapshot of volume my-nextcloud-pvc has an id starting with 'beef'", "pick one of: 5c0a2f9e" },
        { "both-choices", "--snapshot and --as-of both choose the snapshot", "give one of them" },
        { "bucket-no-target", "say which bucket to restore my-nextcloud-data-bucket into", "--to-bucket NAME" },
        { "bucket-over-live", "--to-bucket my-nextcloud-data-bucket is the live bucket", "name a new bucket" },
        { "bucket-as-of", "backed up as a copy (rclone), not as restic snapshots", "drop --snapshot/--as-of" },
        { "scale-down-alone", "--scale-down only matters with --in-place", "add --in-place" },
        { "no-snapshots", "holds no snapshot of nextcloud/nextcloud volume my-nextcloud-pvc", "gitops-backup snapshots nextcloud" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Refuses_WithTheReason_AndWhatToDo(string name, string reason, string step)
    {
        var pvc = new RestoreRequest { Volume = "my-nextcloud-pvc" };
        var bucket = new RestoreRequest { Volume = "my-nextcloud-data-bucket" };
        var (request, facts, snapshots) = name switch
        {
            "no-volume" => (new RestoreRequest(), Live, Snapshots),
            "unknown-volume" => (new RestoreRequest { Volume = "photos" }, Live, Snapshots),
            "in-place-mounted" => (pvc with { InPlace = true }, Mounted, Snapshots),
            "to-live-pvc" => (pvc with { ToPvc = "my-nextcloud-pvc" }, Live, Snapshots),
            "target-exists" => (pvc with { ToPvc = "restored" }, Live with { TargetExists = true }, Snapshots),
            "as-of-too-early" => (pvc with { AsOf = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) }, Live, Snapshots),
            "unknown-id" => (pvc with { SnapshotId = "beef" }, Live, Snapshots),
            "both-choices" => (pvc with { SnapshotId = "a41b", AsOf = Now }, Live, Snapshots),
            "bucket-no-target" => (bucket, Live, Snapshots),
            "bucket-over-live" => (bucket with { ToBucket = "my-nextcloud-data-bucket" }, Live, Snapshots),
            "bucket-as-of" => (bucket with { AsOf = Now, ToBucket = "restored-bucket" }, Live, Snapshots),
            "scale-down-alone" => (pvc with { ScaleDown = true }, Live, Snapshots),
            "no-snapshots" => (pvc, Live, (IReadOnlyList<ResticSnapshot>)[]),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        var refused = Assert.IsType<RestoreDecision.Refused>(RestorePlanner.Decide(Nextcloud(), request, snapshots, facts, Now));

        Assert.Contains(reason, refused.Reason, StringComparison.Ordinal);
        Assert.Contains(step, refused.Steps[0], StringComparison.Ordinal);
    }

    [Fact]
    public void InPlaceRefusal_PrintsTheStepsToStopTheAppFirst()
    {
        var refused = Assert.IsType<RestoreDecision.Refused>(RestorePlanner.Decide(Nextcloud(), new RestoreRequest { Volume = "my-nextcloud-pvc", InPlace = true }, Snapshots, Mounted, Now));

        var text = RestorePlanPrinter.Refusal(refused);

        Assert.Contains("flux suspend kustomization", text, StringComparison.Ordinal);
        Assert.Contains("kubectl -n nextcloud scale deployment/nextcloud --replicas=0   # now 1", text, StringComparison.Ordinal);
        Assert.Contains("--scale-down", text, StringComparison.Ordinal);
    }

    private static RestorePlan Planned(AppSettings app, RestoreRequest request) =>
        Assert.IsType<RestoreDecision.Planned>(RestorePlanner.Decide(app, request, Snapshots, Live, Now)).Plan;

    // The seed's nextcloud app exactly as sample-repo has it.
    private static AppSettings Nextcloud()
    {
        var specs = new SpecLoader().Load(new DirectoryRepoTree(CheckoutPaths.SampleRepo));
        var (app, error) = AppLookup.Find(specs, "nextcloud", null);
        Assert.True(app is not null, error);
        return app;
    }

    private static ResticSnapshot Snap(string shortId, string time, long bytes, long files) =>
        new(shortId + new string('0', 56), shortId, DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture), "nextcloud.nextcloud",
            ["app=nextcloud", "volume=my-nextcloud-pvc"], ["/data/my-nextcloud-pvc"])
        {
            Bytes = bytes,
            Files = files,
        };
}
