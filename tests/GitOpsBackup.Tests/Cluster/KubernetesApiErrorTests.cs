using System.Net;
using GitOpsBackup.Cluster;
using GitOpsBackup.Planning;
using k8s.Autorest;

namespace GitOpsBackup.Tests.Cluster;

public sealed class KubernetesApiErrorTests
{
    private static readonly ObjectRef Target = new("batch/v1", "CronJob", "app", "backup-app");

    private static HttpOperationException Failure(HttpStatusCode status, string body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, "https://k8s.lan/apis/batch/v1/namespaces/app/cronjobs/backup-app");
        request.Headers.Add("Authorization", "Bearer sekrit-token-123");
        request.Content = new StringContent("""{"env":[{"name":"RESTIC_PASSWORD","value":"hunter2"}]}""");
        using var response = new HttpResponseMessage(status) { ReasonPhrase = status.ToString() };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return new HttpOperationException("Operation returned an invalid status code")
        {
            Request = new HttpRequestMessageWrapper(request, """{"env":[{"name":"RESTIC_PASSWORD","value":"hunter2"}]}"""),
            Response = new HttpResponseMessageWrapper(response, body),
        };
    }

    [Fact]
    public void KeepsStatusReasonAndObject_DropsRequestHeadersAndBodies()
    {
        var body = """{"kind":"Status","status":"Failure","message":"value hunter2 rejected","reason":"InternalError","code":500}""";

        var ex = KubernetesApi.Translate("PATCH", Target, "CronJob", Failure(HttpStatusCode.InternalServerError, body));

        Assert.Equal("PATCH CronJob app/backup-app: 500 InternalError", ex.Message);
        Assert.Null(ex.InnerException);
        Assert.DoesNotContain("sekrit", ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", ex.ToString(), StringComparison.Ordinal);
        Assert.True(ex.IsRetryable);
    }

    [Fact]
    public void ReadsRetryAfter()
    {
        var ex = KubernetesApi.Translate("PATCH", Target, "CronJob", Failure((HttpStatusCode)429, "{}", ("Retry-After", "7")));

        Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
        Assert.Equal(429, ex.Status);
    }

    [Fact]
    public void RecognisesAnImmutableField_AndNamesOnlyTheField()
    {
        var body = """
            {"kind":"Status","reason":"Invalid","code":422,"message":"Job.batch \"x\" is invalid: spec.template: Invalid value: {secret stuff}: field is immutable",
             "details":{"causes":[{"reason":"FieldValueInvalid","message":"Invalid value: {secret stuff}: field is immutable","field":"spec.template"}]}}
            """;

        var ex = KubernetesApi.Translate("PATCH", Target, "CronJob", Failure((HttpStatusCode)422, body));

        Assert.True(ex.IsImmutableField);
        Assert.Equal("PATCH CronJob app/backup-app: 422 Invalid (fields: spec.template, immutable)", ex.Message);
    }

    [Fact]
    public void ExplainsA404OnApply_AsAMissingNamespace()
    {
        var ex = KubernetesApi.Translate("PATCH", Target, "CronJob", Failure(HttpStatusCode.NotFound, """{"reason":"NotFound"}"""));

        Assert.StartsWith("PATCH CronJob app/backup-app: 404 NotFound: is namespace app missing?", ex.Message, StringComparison.Ordinal);
        Assert.Contains("does not create namespaces", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SurvivesABodyThatIsNotJson()
    {
        var ex = KubernetesApi.Translate("LIST", null, "CronJob", Failure(HttpStatusCode.BadGateway, "<html>bad gateway</html>"));

        Assert.Equal("LIST CronJob: 502 BadGateway", ex.Message);
    }

    [Fact]
    public async Task NoResponse_IsRetried_ThenReportedWithoutTheToken()
    {
        // A port nothing listens on: bind one, note it, close it.
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var config = new k8s.KubernetesClientConfiguration { Host = $"http://127.0.0.1:{port}", AccessToken = "sekrit-token-123" };
        var counter = new Contract.RequestCounter();
        using var client = new k8s.Kubernetes(config, counter);
        var api = new KubernetesApi(client, TimeProvider.System, new RetryPolicy { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(1) });

        var ex = await Assert.ThrowsAsync<ClusterApiException>(() => api.ListAsync(ManagedKind.CronJob, "a=b", CancellationToken.None));

        Assert.Equal(3, counter.Reads);
        Assert.Equal(0, ex.Status);
        Assert.StartsWith("LIST CronJob: no response (ConnectionError)", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sekrit", ex.ToString(), StringComparison.Ordinal);
    }
}
