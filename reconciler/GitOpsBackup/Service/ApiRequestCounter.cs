namespace GitOpsBackup.Service;

/// <summary>In the Kubernetes client's HTTP pipeline: counts every request by verb and status code (watches when their stream opens).</summary>
internal sealed class ApiRequestCounter(ServiceMetrics metrics) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var verb = ApiVerb.Of(request.Method, request.RequestUri!, request.Content?.Headers.ContentType?.MediaType);
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            metrics.ApiRequest(verb, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            return response;
        }
        catch (HttpRequestException)
        {
            metrics.ApiRequest(verb, "error");
            throw;
        }
    }
}
