namespace GitOpsBackup.Tests.Reliability;

/// <summary>What a campaign round does to the reconciler's world.</summary>
internal enum FaultKind
{
    Api500,
    Api429,
    Api409,
    /// <summary>A request answered later than the client waits.</summary>
    Timeout,
    DroppedWatches,
    /// <summary>The git server unreachable for a while (connections cut by the proxy).</summary>
    GitOutage,
    /// <summary>History rewritten: a new root commit, same tree or not.</summary>
    ForcePush,
    /// <summary>A reviewed change: schedules, an app added or removed.</summary>
    SpecChange,
    /// <summary>A hand edit or hand delete of a managed CronJob.</summary>
    Drift,
    /// <summary>The reconciler stopped mid-pass and a new one started with cold caches.</summary>
    Kill,
}

/// <summary>Where a kill lands: at the Nth request of a kind, or at once.</summary>
internal enum KillPoint
{
    MidApply,
    MidPrune,
    MidAdmission,
    BeforeClone,
    Anywhere,
}
