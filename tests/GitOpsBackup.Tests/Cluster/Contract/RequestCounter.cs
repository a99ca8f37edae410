namespace GitOpsBackup.Tests.Cluster.Contract;

/// <summary>Counts what the client sends, so "zero writes" can be proved against any cluster.</summary>
internal sealed class RequestCounter : DelegatingHandler
{
    private int _reads;
    private int _writes;
    private int _dryRuns;

    public int Reads => _reads;

    public int Writes => _writes;

    public int DryRuns => _dryRuns;

    public void Reset()
    {
        _reads = 0;
        _writes = 0;
        _dryRuns = 0;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Get)
        {
            Interlocked.Increment(ref _reads);
        }
        else if (request.RequestUri?.Query.Contains("dryRun=All", StringComparison.Ordinal) == true)
        {
            Interlocked.Increment(ref _dryRuns);
        }
        else
        {
            Interlocked.Increment(ref _writes);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
