using GitOpsBackup.Rendering;
using GitOpsBackup.Source;
using GitOpsBackup.Specs;
using GitOpsBackup.Tests.Fixtures;

namespace GitOpsBackup.Tests.Rendering;

/// <summary>
/// The rendered objects of every app in sample-repo, and its clone Job, as reviewed snapshots:
/// what `gitops-backup render sample-repo` prints, one file per object.
/// </summary>
public sealed class SampleRepoSnapshotTests
{
    private const string Revision = "sample-revision";
    private static readonly DateOnly Cycle = new(2026, 11, 28);

    private static readonly string[] Apps = ["immich", "nextcloud", "paperless", "vaultwarden"];

    public static TheoryData<string> SampleApps => new(Apps);

    [Theory]
    [MemberData(nameof(SampleApps))]
    public void SampleApp_CronJob_MatchesSnapshot(string app)
    {
        var result = RenderSample();

        var cronJob = Assert.Single(result.Objects, o => o.App?.Name == app && o.Name.StartsWith("backup-", StringComparison.Ordinal));
        Snapshot.Verify($"sample-{app}", RenderedYaml.Serialize(cronJob));
    }

    [Theory]
    [MemberData(nameof(SampleApps))]
    public void SampleApp_RestoreDrill_MatchesSnapshot(string app)
    {
        var result = RenderSample();

        var drill = Assert.Single(result.Objects, o => o.App?.Name == app && o.Name.StartsWith("verify-", StringComparison.Ordinal));
        Snapshot.Verify($"sample-{app}-verify", RenderedYaml.Serialize(drill));
    }

    [Fact]
    public void SampleRepo_RendersABackupAndADrillCronJobPerApp_AndNothingElse()
    {
        var result = RenderSample();

        Assert.Empty(result.Diagnostics);
        Assert.Equal(Apps.SelectMany(a => new[] { $"backup-{a}", $"verify-{a}" }).Order(StringComparer.Ordinal), result.Objects.Select(o => o.Name).Order(StringComparer.Ordinal));
        Assert.All(result.Objects, o => Assert.Equal("CronJob", o.Kind));
    }

    [Fact]
    public void SampleRepo_CloneJob_MatchesSnapshot()
    {
        var result = RenderSample();

        Snapshot.Verify("sample-external-clone", RenderedYaml.Serialize(result.CloneJob!.ForCycle(Cycle)));
    }

    private static RenderResult RenderSample()
    {
        var specs = new SpecLoader().Load(new DirectoryRepoTree(CheckoutPaths.SampleRepo));
        Assert.False(specs.HasErrors, string.Join("\n", specs.Diagnostics));
        return BackupRenderer.Render(new RenderInput(specs, ClusterFacts.Unknown, Revision));
    }
}
