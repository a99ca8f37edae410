using GitOpsBackup.Cluster;
using GitOpsBackup.Planning;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace GitOpsBackup.Leadership;

/// <summary>
/// <c>run --leader-elect</c>: every retry period, read the Lease, let <see cref="LeaseDecider"/> decide,
/// write what it decided. Until this replica leads, <see cref="WaitUntilLeadingAsync"/> holds the
/// reconcile loop back, so a standby writes nothing but its Lease attempts. A leader that cannot renew
/// within the renew deadline stops the whole process (as controller-runtime does): the pod restarts
/// as a fresh candidate, and no half-leading replica lingers. On a clean stop it releases the Lease, so
/// the standby takes over at its next round instead of after the lease duration.
/// </summary>
internal sealed class LeaderElector(IKubernetes client, LeaderElectionOptions options, TimeProvider time, ILogger log, IHostApplicationLifetime? lifetime = null)
    : BackgroundService
{
    // One attempt per call: the next round is the retry, and a retried 409 would only repeat a stale version.
    private readonly KubernetesApi _api = new(client, time, new RetryPolicy { MaxAttempts = 1 });
    private readonly TaskCompletionSource _leading = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ObjectRef _lease = new("coordination.k8s.io/v1", "Lease", options.LeaseNamespace, options.LeaseName);
    private LeaseRecord? _written;
    private volatile bool _isLeader;
    private DateTimeOffset? _lastRenewed;

    /// <summary>True while this replica holds the Lease (the <c>gitops_backup_leader</c> gauge).</summary>
    public bool IsLeader => _isLeader;

    /// <summary>Raised with true on acquiring the Lease, with false on losing or releasing it.</summary>
    public event Action<bool>? LeadershipChanged;

    /// <summary>Set when leadership was lost (not released): <c>run</c> then exits non-zero.</summary>
    public bool Lost { get; private set; }

    /// <summary>Completes once this replica leads; the reconcile loop awaits it before its first pass.</summary>
    public Task WaitUntilLeadingAsync(CancellationToken cancellationToken) => _leading.Task.WaitAsync(cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        log.Information("Leader election as {Identity} on lease {Namespace}/{Name}: duration {Duration}, renew deadline {Deadline}, retry every {Retry}",
            options.Identity, options.LeaseNamespace, options.LeaseName, options.LeaseDuration, options.RenewDeadline, options.RetryPeriod);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (await RoundAsync(stoppingToken) == LeaseAction.Lost)
            {
                lifetime?.StopApplication();
                return;
            }

            try
            {
                await Task.Delay(options.RetryPeriod, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_isLeader)
        {
            await ReleaseAsync(cancellationToken);
        }
    }

    /// <summary>One round: read the Lease, decide, write. Returns what was decided (and done, unless a write failed).</summary>
    internal async Task<LeaseAction> RoundAsync(CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        using var timeout = new CancellationTokenSource(options.RenewDeadline, time);
        using var round = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        LeaseRecord? observed;
        try
        {
            observed = await ReadAsync(round.Token);
        }
        catch (Exception ex) when (ex is ClusterApiException || (ex is OperationCanceledException && !stoppingToken.IsCancellationRequested))
        {
            log.Warning("Leader election: reading lease {Namespace}/{Name} failed: {Error}", options.LeaseNamespace, options.LeaseName, Describe(ex));
            return Settle(LeaseDecider.DecideUnread(now, _lastRenewed, options));
        }

        var decision = LeaseDecider.Decide(observed, now, _lastRenewed, options);
        if (decision.Action is LeaseAction.Wait or LeaseAction.Lost)
        {
            return Settle(decision);
        }

        try
        {
            _written = await WriteAsync(decision.Action, observed, now, round.Token);
        }
        catch (Exception ex) when (ex is ClusterApiException || (ex is OperationCanceledException && !stoppingToken.IsCancellationRequested))
        {
            // 409: another replica wrote first (it won, or it changed the lease under a renewal); anything else: the next round tries again.
            var conflict = ex is ClusterApiException { Status: 409 };
            if (!conflict || _isLeader)
            {
                log.Warning("Leader election: {Action} of lease {Namespace}/{Name} failed: {Error}", decision.Action, options.LeaseNamespace, options.LeaseName, Describe(ex));
            }

            return LeaseAction.Wait;
        }

        _lastRenewed = now;
        if (!_isLeader)
        {
            _isLeader = true;
            log.Information("Leading as {Identity}: {Why}", options.Identity, decision.Why);
            LeadershipChanged?.Invoke(true);
            _leading.TrySetResult();
        }

        return decision.Action;
    }

    private LeaseAction Settle(LeaseDecision decision)
    {
        if (decision.Action == LeaseAction.Lost)
        {
            _lastRenewed = null;
            _isLeader = false;
            Lost = true;
            log.Error("Leadership lost ({Why}): stopping, so that only the new leader writes", decision.Why);
            LeadershipChanged?.Invoke(false);
        }

        return decision.Action;
    }

    private async Task<LeaseRecord?> ReadAsync(CancellationToken ct)
    {
        try
        {
            return Record(await _api.CallAsync("GET", _lease, "Lease", token => client.CoordinationV1.ReadNamespacedLeaseAsync(options.LeaseName, options.LeaseNamespace, cancellationToken: token), ct));
        }
        catch (ClusterApiException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }

    private async Task<LeaseRecord> WriteAsync(LeaseAction action, LeaseRecord? observed, DateTimeOffset now, CancellationToken ct)
    {
        var changesHands = action != LeaseAction.Renew && observed?.Holder != options.Identity;
        var lease = Lease(
            options.Identity,
            options.LeaseDuration,
            acquired: changesHands || observed?.AcquireTime is null ? now : observed.AcquireTime.Value,
            renewed: now,
            transitions: (observed?.Transitions ?? 0) + (changesHands && observed is { Holder.Length: > 0 } ? 1 : 0),
            resourceVersion: observed?.ResourceVersion);
        return Record(action == LeaseAction.Create
            ? await _api.CallAsync("POST", _lease, "Lease", token => client.CoordinationV1.CreateNamespacedLeaseAsync(lease, options.LeaseNamespace, cancellationToken: token), ct)
            : await _api.CallAsync("PUT", _lease, "Lease", token => client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, options.LeaseName, options.LeaseNamespace, cancellationToken: token), ct));
    }

    /// <summary>Hands the Lease back (holder empty, one second left), as client-go's ReleaseOnCancel does.</summary>
    private async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        _isLeader = false;
        _lastRenewed = null;
        LeadershipChanged?.Invoke(false);
        if (_written is not { } held)
        {
            return;
        }

        var now = time.GetUtcNow();
        var lease = Lease("", TimeSpan.FromSeconds(1), now, now, held.Transitions, held.ResourceVersion);
        try
        {
            await _api.CallAsync("PUT", _lease, "Lease", token => client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, options.LeaseName, options.LeaseNamespace, cancellationToken: token), cancellationToken);
            log.Information("Lease {Namespace}/{Name} released", options.LeaseNamespace, options.LeaseName);
        }
        catch (Exception ex) when (ex is ClusterApiException or OperationCanceledException)
        {
            // Not released: the standby takes over when the lease expires instead.
            log.Warning("Releasing lease {Namespace}/{Name} failed: {Error}", options.LeaseNamespace, options.LeaseName, Describe(ex));
        }
    }

    private V1Lease Lease(string holder, TimeSpan duration, DateTimeOffset acquired, DateTimeOffset renewed, int transitions, string? resourceVersion) => new()
    {
        ApiVersion = "coordination.k8s.io/v1",
        Kind = "Lease",
        Metadata = new V1ObjectMeta { Name = options.LeaseName, NamespaceProperty = options.LeaseNamespace, ResourceVersion = resourceVersion },
        Spec = new V1LeaseSpec
        {
            HolderIdentity = holder,
            LeaseDurationSeconds = (int)Math.Ceiling(duration.TotalSeconds),
            AcquireTime = acquired.UtcDateTime,
            RenewTime = renewed.UtcDateTime,
            LeaseTransitions = transitions,
        },
    };

    private static LeaseRecord Record(V1Lease lease) => new()
    {
        Holder = lease.Spec?.HolderIdentity ?? "",
        Duration = TimeSpan.FromSeconds(lease.Spec?.LeaseDurationSeconds ?? 0),
        AcquireTime = Utc(lease.Spec?.AcquireTime),
        RenewTime = Utc(lease.Spec?.RenewTime),
        Transitions = lease.Spec?.LeaseTransitions ?? 0,
        ResourceVersion = lease.Metadata?.ResourceVersion ?? "",
    };

    private static DateTimeOffset? Utc(DateTime? t) => t is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;

    private static string Describe(Exception ex) => ex is ClusterApiException ? ex.Message : "timed out";
}
