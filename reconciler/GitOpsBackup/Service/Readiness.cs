using GitOpsBackup.Reconciling;

namespace GitOpsBackup.Service;

/// <summary>
/// <c>/readyz</c>: ready once a pass went through since start (no change, applied, or partial: the
/// source was read and the cluster reached). A source failing later keeps it ready — the last good
/// revision stays applied, and <c>/metrics</c> says why the source fails. A standby (leader election
/// on, another replica holds the Lease) is ready too: it runs no pass by design, and a Deployment
/// whose new replica never became ready could not roll.
/// </summary>
internal sealed class Readiness(Func<bool>? leading = null)
{
    private volatile string _last = "no pass has finished yet";
    private volatile bool _ready; // set by the loop, read by HTTP requests

    public bool Ready => _ready || !Leading;

    /// <summary>False while another replica holds the Lease.</summary>
    public bool Leading => leading?.Invoke() ?? true;

    /// <summary>Why not ready yet, for the 503 body.</summary>
    public string Reason => _last;

    public void OnPass(PassOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Kind is PassKind.NoChange or PassKind.Applied or PassKind.Partial)
        {
            _ready = true;
        }
        else if (!_ready)
        {
            _last = $"last pass {outcome.Kind}: {string.Join("; ", outcome.Errors)}";
        }
    }
}
