using GitOpsBackup.Leadership;

namespace GitOpsBackup.Tests.Leadership;

public sealed class LeaseDeciderTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 3, 0, 0, TimeSpan.Zero);

    private static readonly LeaderElectionOptions Options = new()
    {
        Identity = "me",
        LeaseDuration = TimeSpan.FromSeconds(15),
        RenewDeadline = TimeSpan.FromSeconds(10),
        RetryPeriod = TimeSpan.FromSeconds(2),
    };

    private static LeaseRecord Held(string holder, double renewedSecondsAgo) => new()
    {
        Holder = holder,
        Duration = TimeSpan.FromSeconds(15),
        AcquireTime = Now.AddMinutes(-5),
        RenewTime = Now.AddSeconds(-renewedSecondsAgo),
        ResourceVersion = "7",
    };

    [Theory]
    // lease holder (null: no lease), its renewTime (seconds ago; null: never renewed), we last renewed (seconds ago; null: not leading), expected
    [InlineData(null, null, null, "Create")] // no lease yet
    [InlineData("", 1.0, null, "Acquire")] // released
    [InlineData("other", 1.0, null, "Wait")] // held, renewed 1s ago
    [InlineData("other", 15.0, null, "Wait")] // held, exactly at expiry
    [InlineData("other", 16.0, null, "Acquire")] // expired 1s ago
    [InlineData("other", null, null, "Acquire")] // acquired long ago, never renewed
    [InlineData("me", 1.0, null, "Acquire")] // ours from before a restart with a fixed --identity
    [InlineData("me", 2.0, 2.0, "Renew")] // leading
    [InlineData("me", 9.9, 9.9, "Renew")] // leading, renewals failing for 9.9s
    [InlineData("me", 10.0, 10.0, "Lost")] // leading, renewals failing for the whole renew deadline
    [InlineData("other", 1.0, 2.0, "Lost")] // leading, another took it
    [InlineData("", 1.0, 2.0, "Lost")] // leading, released behind our back
    [InlineData(null, null, 2.0, "Create")] // leading, the lease was deleted
    public void Decide_FollowsClientGosRules(string? holder, double? renewTimeSecondsAgo, double? weRenewedSecondsAgo, string expected)
    {
        var observed = holder is null ? null : Held(holder, 0) with { RenewTime = renewTimeSecondsAgo is { } r ? Now.AddSeconds(-r) : null };
        var lastRenewed = weRenewedSecondsAgo is { } ago ? Now.AddSeconds(-ago) : (DateTimeOffset?)null;

        var decision = LeaseDecider.Decide(observed, Now, lastRenewed, Options);

        Assert.True(Enum.Parse<LeaseAction>(expected) == decision.Action, $"{decision.Action} ({decision.Why}), expected {expected}");
    }

    [Theory]
    [InlineData(null, "Wait")]
    [InlineData(9.0, "Wait")]
    [InlineData(10.0, "Lost")]
    public void DecideUnread_LosesOnlyPastTheRenewDeadline(double? renewedSecondsAgo, string expected)
    {
        var lastRenewed = renewedSecondsAgo is { } ago ? Now.AddSeconds(-ago) : (DateTimeOffset?)null;

        Assert.Equal(Enum.Parse<LeaseAction>(expected), LeaseDecider.DecideUnread(Now, lastRenewed, Options).Action);
    }

    [Fact]
    public void Wait_SaysWhoHoldsTheLeaseAndUntilWhen()
    {
        var decision = LeaseDecider.Decide(Held("pod-a_1234", 1), Now, null, Options);

        Assert.Equal("pod-a_1234 holds the lease until at least 2026-12-02T03:00:14.0000000+00:00", decision.Why);
    }

    [Theory]
    [InlineData(15, 10, 2, null)]
    [InlineData(10, 10, 2, "--lease-duration (10s) must be longer than --renew-deadline (10s)")]
    [InlineData(15, 2, 2, "--renew-deadline (2s) must be longer than --retry-period (2s)")]
    public void Options_Problem_NamesTheFlagToChange(int duration, int deadline, int retry, string? expected)
    {
        var options = Options with { LeaseDuration = TimeSpan.FromSeconds(duration), RenewDeadline = TimeSpan.FromSeconds(deadline), RetryPeriod = TimeSpan.FromSeconds(retry) };

        Assert.Equal(expected, options.Problem());
    }

    [Fact]
    public void UserAgent_CarriesTheIdentity_InCharactersEveryParserTakes()
    {
        Assert.Equal("gitops-backup/1.2.0+abc (pod-7f9c_0a1b)", ReplicaIdentity.UserAgent("pod-7f9c_0a1b", "1.2.0+abc"));
        Assert.Equal("gitops-backup/dev (my-pod--x-)", ReplicaIdentity.UserAgent("my pod (x)", "dev"));
        Assert.Matches("^web-0_[0-9a-f]{8}$", ReplicaIdentity.Default("web-0"));
    }
}
