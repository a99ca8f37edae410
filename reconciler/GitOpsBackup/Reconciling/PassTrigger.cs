using System.Threading.Channels;

namespace GitOpsBackup.Reconciling;

/// <summary>
/// "Pass now" (a webhook's push): ends the loop's wait at once. Requests made while one is pending
/// coalesce into one pass — level-triggered, a trigger only starts a pass, it carries nothing.
/// </summary>
internal sealed class PassTrigger
{
    private readonly Channel<bool> _requests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Request() => _requests.Writer.TryWrite(true);

    /// <summary>Completes when a pass was requested, and takes the request.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken) => await _requests.Reader.ReadAsync(cancellationToken);
}
