using Microsoft.Extensions.Hosting;

namespace GitOpsBackup.EmbeddedCluster.Api;

/// <summary>
/// A host lifetime that leaves the process's signals alone: the embedded server lives inside a test
/// run or a CLI verb, and whoever owns the process decides when it stops (the default console
/// lifetime would swallow SIGTERM).
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
