using GitOpsBackup.Cycle;
using static GitOpsBackup.Tests.Cycle.CycleKit;

namespace GitOpsBackup.Tests.Cycle;

public sealed class CycleSummaryTests
{
    private static readonly NightRun[] Runs =
    [
        new("media", "jellyfin", At("2026-05-10T03:00Z"), "backup-jellyfin-1", RunStatus.Running),
        new("home", "nextcloud", At("2026-05-10T02:00Z"), "backup-nextcloud-1", RunStatus.Partial),
        new("home", "mail", At("2026-05-10T02:30Z"), null, RunStatus.Missed),
    ];

    private static readonly CycleSummary Summary = new(new DateOnly(2026, 5, 10), "latest start 08:00 reached; not finished: media/jellyfin (running)", Runs);

    [Fact]
    public void ToJson_IsCompactSortedAndStable()
    {
        const string Expected =
            """{"cycle":"2026-05-10","reason":"latest start 08:00 reached; not finished: media/jellyfin (running)","runs":[""" +
            """{"namespace":"home","app":"mail","scheduledAt":"2026-05-10T02:30:00+00:00","status":"missed"},""" +
            """{"namespace":"home","app":"nextcloud","scheduledAt":"2026-05-10T02:00:00+00:00","jobName":"backup-nextcloud-1","status":"partial"},""" +
            """{"namespace":"media","app":"jellyfin","scheduledAt":"2026-05-10T03:00:00+00:00","jobName":"backup-jellyfin-1","status":"running"}],""" +
            "\"done\":1,\"failed\":1,\"total\":3,\"notFinished\":[\"media/jellyfin (running)\"]}";

        Assert.Equal(Expected, Summary.ToJson());
        Assert.Equal(Expected, (Summary with { Runs = [.. Runs.Reverse()] }).ToJson());
    }

    [Fact]
    public void FromJson_ReadsBackWhatToJsonWrote()
    {
        var json = Summary.ToJson();

        var read = CycleSummary.FromJson(json);

        Assert.NotNull(read);
        Assert.Equal(Summary.Cycle, read.Cycle);
        Assert.Equal(Summary.Reason, read.Reason);
        Assert.Equal(CycleSummary.Sorted(Runs), read.Runs);
        Assert.Equal((1, 1, 3), (read.Done, read.Failed, read.Total));
        Assert.Equal(json, read.ToJson());
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("""{"cycle":"2026-05-10","reason":"x","runs":[{"namespace":"home","app":"a","scheduledAt":"2026-05-10T02:00:00+00:00","status":"exploded"}]}""")]
    [InlineData("""{"cycle":"yesterday","reason":"x","runs":[]}""")]
    public void FromJson_NotASummary_IsNull(string json) => Assert.Null(CycleSummary.FromJson(json));

    [Theory]
    [InlineData(RunStatus.Ok, "ok")]
    [InlineData(RunStatus.Partial, "partial")]
    [InlineData(RunStatus.Empty, "empty")]
    [InlineData(RunStatus.Failed, "failed")]
    [InlineData(RunStatus.Unplaceable, "unplaceable")]
    [InlineData(RunStatus.Deadline, "deadline")]
    [InlineData(RunStatus.Missed, "missed")]
    [InlineData(RunStatus.Running, "running")]
    [InlineData(RunStatus.Waiting, "waiting")]
    [InlineData(RunStatus.Pending, "pending")]
    public void Word_IsTheStatusAsWrittenInJson(RunStatus status, string word)
    {
        var run = new NightRun("home", "a", At("2026-05-10T02:00Z"), null, status);

        Assert.Equal(word, CycleSummary.Word(status));
        Assert.Contains($"\"status\":\"{word}\"", new CycleSummary(new DateOnly(2026, 5, 10), "r", [run]).ToJson(), StringComparison.Ordinal);
    }
}
