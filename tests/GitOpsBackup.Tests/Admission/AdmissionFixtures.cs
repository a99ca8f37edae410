using GitOpsBackup.Admission;

namespace GitOpsBackup.Tests.Admission;

/// <summary>Backup Jobs and placement facts in one line each, for admission's tables.</summary>
internal static class AdmissionFixtures
{
    public static readonly DateTimeOffset Night = new(2026, 12, 2, 2, 0, 0, TimeSpan.Zero);

    /// <summary>A Job of app <paramref name="app"/> in namespace <paramref name="app"/>, scheduled <paramref name="minute"/> minutes into the night.</summary>
    public static BackupJob Job(string app, int minute, BackupJobState state = BackupJobState.Waiting, string? node = null, string? name = null, params string[] claims) => new()
    {
        Namespace = app,
        Name = name ?? $"backup-{app}-{minute}",
        App = app,
        ScheduledAt = Night.AddMinutes(minute),
        State = state,
        Node = node,
        Claims = claims,
    };

    public static BackupJob Waiting(string app, int minute, params string[] claims) => Job(app, minute, claims: claims);

    public static BackupJob Running(string app, int minute, string node) => Job(app, minute, BackupJobState.Running, node);

    public static IReadOnlyList<NodeFact> Nodes(params string[] names) => [.. names.Select(n => new NodeFact(n, Ready: true))];

    /// <summary>Each app's claim <c>{app}-data</c> bound to PV <c>pv-{app}</c> attached to the given node.</summary>
    public static PlacementFacts Attached(IReadOnlyList<NodeFact> nodes, params (string App, string Node)[] volumes) => new()
    {
        Nodes = nodes,
        Claims = [.. volumes.Select(v => new ClaimFact(v.App, $"{v.App}-data", $"pv-{v.App}"))],
        Attachments = [.. volumes.Select(v => new AttachmentFact($"pv-{v.App}", v.Node, Attached: true))],
    };

    /// <summary>A waiting Job that mounts its app's <c>{app}-data</c> claim.</summary>
    public static BackupJob WaitingWithData(string app, int minute) => Waiting(app, minute, $"{app}-data");

    public static T Single<T>(AdmissionPlan plan, string jobKey)
        where T : AdmissionAction => Assert.IsType<T>(plan.For(jobKey));
}
