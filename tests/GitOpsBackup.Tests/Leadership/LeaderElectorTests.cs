using GitOpsBackup.EmbeddedCluster;
using GitOpsBackup.Leadership;
using k8s;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsBackup.Tests.Leadership;

/// <summary>
/// The elector's rounds against the embedded cluster's Lease (real resourceVersion checks and 409s),
/// on a fake clock: each test drives the rounds itself.
/// </summary>
public sealed class LeaderElectorTests : IAsyncLifetime, IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero));
    private EmbeddedKubernetes _cluster = null!;
    private Kubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _cluster = await EmbeddedKubernetes.StartAsync(new EmbeddedClusterOptions { Time = _time });
        _client = new Kubernetes(new KubernetesClientConfiguration { Host = _cluster.BaseAddress.ToString().TrimEnd('/') });
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    public void Dispose() => _client?.Dispose();

    private LeaderElector Elector(string identity) => new(_client, new LeaderElectionOptions
    {
        Identity = identity,
        LeaseNamespace = "kube-system",
        LeaseDuration = TimeSpan.FromSeconds(15),
        RenewDeadline = TimeSpan.FromSeconds(10),
        RetryPeriod = TimeSpan.FromSeconds(2),
    }, _time, Serilog.Core.Logger.None);

    private async Task<(string Holder, int Transitions)> LeaseAsync()
    {
        var lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync("gitops-backup", "kube-system");
        return (lease.Spec.HolderIdentity, lease.Spec.LeaseTransitions ?? 0);
    }

    [Fact]
    public async Task FirstCandidateLeads_TheOtherWaits_UntilTheLeaseExpires_ThenTheOldLeaderHasLost()
    {
        var a = Elector("a");
        var b = Elector("b");
        var changes = new List<bool>();
        a.LeadershipChanged += changes.Add;

        Assert.Equal(LeaseAction.Create, await a.RoundAsync(CancellationToken.None));
        Assert.Equal(LeaseAction.Wait, await b.RoundAsync(CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(LeaseAction.Renew, await a.RoundAsync(CancellationToken.None));
        Assert.True(a.WaitUntilLeadingAsync(CancellationToken.None).IsCompletedSuccessfully);
        Assert.False(b.WaitUntilLeadingAsync(CancellationToken.None).IsCompleted);

        // a stops renewing (a paused process): b waits out the full lease duration, not a moment less.
        _time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(LeaseAction.Wait, await b.RoundAsync(CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(LeaseAction.Acquire, await b.RoundAsync(CancellationToken.None));

        // a wakes up: past its renew deadline, it has lost and says so.
        Assert.Equal(LeaseAction.Lost, await a.RoundAsync(CancellationToken.None));
        Assert.Equal(("b", 1), await LeaseAsync());
        Assert.True(b.IsLeader);
        Assert.False(a.IsLeader);
        Assert.True(a.Lost);
        Assert.Equal([true, false], changes);
    }

    [Fact]
    public async Task TwoCandidatesCreatingAtOnce_OneGets409_AndStandsBy()
    {
        // Both read "no lease" before either create lands.
        _cluster.Faults.Delay(TimeSpan.FromMilliseconds(300), "create", "leases");
        var a = Elector("a");
        var b = Elector("b");

        var actions = await Task.WhenAll(a.RoundAsync(CancellationToken.None), b.RoundAsync(CancellationToken.None));

        Assert.Equal([LeaseAction.Create, LeaseAction.Wait], actions.Order());
        Assert.NotEqual(a.IsLeader, b.IsLeader);
        Assert.Single(_cluster.Requests.Entries, e => e is { Verb: "create", Resource: "leases", StatusCode: 409 });
        Assert.Equal(a.IsLeader ? "a" : "b", (await LeaseAsync()).Holder);
    }

    [Fact]
    public async Task TwoCandidatesTakingOverAnExpiredLease_TheStaleVersionGets409()
    {
        Assert.Equal(LeaseAction.Create, await Elector("gone").RoundAsync(CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(16));
        _cluster.Faults.Delay(TimeSpan.FromMilliseconds(300), "update", "leases");
        var a = Elector("a");
        var b = Elector("b");

        var actions = await Task.WhenAll(a.RoundAsync(CancellationToken.None), b.RoundAsync(CancellationToken.None));

        Assert.Equal([LeaseAction.Acquire, LeaseAction.Wait], actions.Order());
        Assert.Single(_cluster.Requests.Entries, e => e is { Verb: "update", Resource: "leases", StatusCode: 409 });
        Assert.Equal((a.IsLeader ? "a" : "b", 1), await LeaseAsync());
    }

    [Fact]
    public async Task LeaderThatCannotReachTheServer_LosesAtTheRenewDeadline()
    {
        var a = Elector("a");
        Assert.Equal(LeaseAction.Create, await a.RoundAsync(CancellationToken.None));
        _cluster.Faults.Fail(503, "get", "leases", times: 100);

        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(LeaseAction.Wait, await a.RoundAsync(CancellationToken.None));
        Assert.True(a.IsLeader);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(LeaseAction.Lost, await a.RoundAsync(CancellationToken.None));

        Assert.False(a.IsLeader);
        Assert.True(a.Lost);
    }

    [Fact]
    public async Task StoppingTheLeader_ReleasesTheLease_AndTheNextCandidateTakesItAtOnce()
    {
        var a = Elector("a");
        await a.StartAsync(CancellationToken.None);
        await a.WaitUntilLeadingAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        await a.StopAsync(CancellationToken.None);

        Assert.Equal(("", 0), await LeaseAsync());
        Assert.False(a.IsLeader);
        Assert.False(a.Lost);
        Assert.Equal(LeaseAction.Acquire, await Elector("b").RoundAsync(CancellationToken.None));
    }
}
