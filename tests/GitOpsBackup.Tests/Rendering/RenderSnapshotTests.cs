using GitOpsBackup.Rendering;
using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Tests.Rendering;

public sealed class RenderSnapshotTests
{
    private static readonly DateOnly Cycle = new(2026, 11, 28);

    [Fact]
    public void SeedNextcloudExample_MatchesSnapshot() =>
        Snapshot.Verify("cronjob-nextcloud", RenderedYaml.SerializeAll(TestSpecs.Render([TestSpecs.Nextcloud()]).Objects));

    [Fact]
    public void TwoPvcApp_MatchesSnapshot() =>
        Snapshot.Verify("cronjob-immich-two-pvcs", RenderedYaml.SerializeAll(TestSpecs.Render([TestSpecs.TwoPvcs()]).Objects));

    [Fact]
    public void ReadAllFilesApp_MatchesSnapshot() =>
        Snapshot.Verify("cronjob-vaultwarden-read-all-files", RenderedYaml.SerializeAll(TestSpecs.Render([TestSpecs.ReadAllFiles()]).Objects));

    [Fact]
    public void AppWithDumps_MatchesSnapshot() =>
        Snapshot.Verify("cronjob-gitea-dumps", RenderedYaml.SerializeAll(TestSpecs.Render([TestSpecs.Dumps()]).Objects));

    [Fact]
    public void DumpRestoreJob_MatchesSnapshot()
    {
        var app = TestSpecs.Dumps();
        var settings = AppSettings.Merge(app, TestSpecs.Defaults(), "0 2 * * *");

        Snapshot.Verify("restore-job-gitea-dump", k8s.KubernetesYaml.Serialize(DumpRestoreJobRenderer.Render(settings, app.Dumps[0], "4f1c2a9e", "gitea_restored", "20261202-120000", inPlace: false)).ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData(CloneMode.Device, "clone-job-device")]
    [InlineData(CloneMode.Volume, "clone-job-volume")]
    public void CloneJob_MatchesSnapshot(CloneMode mode, string snapshot)
    {
        var result = TestSpecs.Render([TestSpecs.Nextcloud(), TestSpecs.TwoPvcs(), TestSpecs.ReadAllFiles()], clone: TestSpecs.Clone(mode));

        Snapshot.Verify(snapshot, RenderedYaml.Serialize(result.CloneJob!.ForCycle(Cycle)));
    }
}
