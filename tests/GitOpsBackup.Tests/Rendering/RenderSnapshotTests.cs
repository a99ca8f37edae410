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

    [Theory]
    [InlineData(CloneMode.Device, "clone-job-device")]
    [InlineData(CloneMode.Volume, "clone-job-volume")]
    public void CloneJob_MatchesSnapshot(CloneMode mode, string snapshot)
    {
        var result = TestSpecs.Render([TestSpecs.Nextcloud(), TestSpecs.TwoPvcs(), TestSpecs.ReadAllFiles()], clone: TestSpecs.Clone(mode));

        Snapshot.Verify(snapshot, RenderedYaml.Serialize(result.CloneJob!.ForCycle(Cycle)));
    }
}
