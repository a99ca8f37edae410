using GitOpsBackup.Cycle;
using GitOpsBackup.Reconciling;
using GitOpsBackup.Reporting;

namespace GitOpsBackup.Service;

/// <summary>
/// The night's page as <c>run --listen</c> serves it at <c>/</c> and <c>/nights/DATE</c>: the same
/// renderer and the same data as <c>status --html</c>, read from the watch cache (no request).
/// </summary>
internal sealed class NightPageSource(Func<LiveSnapshot> read, Func<RepoState?> state, TimeProvider time, bool simulated = false)
{
    /// <summary>The page of <paramref name="night"/> (null: the current night).</summary>
    public string Render(DateOnly? night)
    {
        var now = time.GetUtcNow();
        var window = state()?.ExternalClone is { } clone ? NightCycle.WindowAt(clone, now) : null;
        var report = StatusBuilder.Build(read(), now, StatusBuilder.DefaultOverdue, window);
        return NightPage.Render(NightViewBuilder.Build(report, night) with { Simulated = simulated });
    }
}
