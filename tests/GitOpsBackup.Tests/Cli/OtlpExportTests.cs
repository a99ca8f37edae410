using GitOpsBackup.Cli;

namespace GitOpsBackup.Tests.Cli;

/// <summary>Where OTLP logs go and the resource they carry: the flag, the OTEL_* variables, and which of them the sink sees.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public void NoEndpoint_MeansNoExport() =>
        Assert.Null(OtlpExport.Resolve(null, _ => "ignored", "pod-1", "1.0.0"));

    [Fact]
    public void Resource_NamesTheServiceItsVersionAndHost()
    {
        var otlp = OtlpExport.Resolve("http://loki:3100/otlp", _ => null, "gitops-backup-7c9d-x2", "1.2.3")!;

        Assert.Equal("gitops-backup", otlp.ResourceAttributes["service.name"]);
        Assert.Equal("1.2.3", otlp.ResourceAttributes["service.version"]);
        Assert.Equal("gitops-backup-7c9d-x2", otlp.ResourceAttributes["service.instance.id"]);
    }

    [Fact]
    public void EnvironmentResourceAttributes_AddAndOverride_ServiceNameVariableWins()
    {
        var env = new Dictionary<string, string>
        {
            ["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.environment=home%20lab, service.name=from-attributes,broken,k8s.cluster.name=pi",
            ["OTEL_SERVICE_NAME"] = "backups",
        };

        var otlp = OtlpExport.Resolve("http://collector:4318", env.GetValueOrDefault, "h", "v")!;

        Assert.Equal("backups", otlp.ResourceAttributes["service.name"]);
        Assert.Equal("home lab", otlp.ResourceAttributes["deployment.environment"]);
        Assert.Equal("pi", otlp.ResourceAttributes["k8s.cluster.name"]);
        Assert.DoesNotContain("broken", otlp.ResourceAttributes.Keys);
    }

    [Fact]
    public void Sink_SeesTheChosenEndpoint_HttpProtobufByDefault_HeadersAsGiven_AndNoResourceVariables()
    {
        var env = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://from-env:4318",
            ["OTEL_EXPORTER_OTLP_HEADERS"] = "X-Scope-OrgID=homelab",
            ["OTEL_RESOURCE_ATTRIBUTES"] = "a=b",
            ["OTEL_SERVICE_NAME"] = "x",
        };

        var otlp = OtlpExport.Resolve("http://from-flag:4318", env.GetValueOrDefault, "h", "v")!;

        Assert.Equal("http://from-flag:4318", otlp.SinkVariables("OTEL_EXPORTER_OTLP_ENDPOINT"));
        Assert.Equal("http/protobuf", otlp.SinkVariables("OTEL_EXPORTER_OTLP_PROTOCOL"));
        Assert.Equal("X-Scope-OrgID=homelab", otlp.SinkVariables("OTEL_EXPORTER_OTLP_HEADERS"));
        Assert.Null(otlp.SinkVariables("OTEL_RESOURCE_ATTRIBUTES"));
        Assert.Null(otlp.SinkVariables("OTEL_SERVICE_NAME"));
    }

    [Theory]
    [InlineData("http://loki:3100/otlp", true)]
    [InlineData("https://otlp.example.org", true)]
    [InlineData("loki:3100", false)]
    [InlineData("grpc://collector:4317", false)]
    [InlineData("/v1/logs", false)]
    public void Check_AcceptsOnlyHttpUrls(string endpoint, bool ok) =>
        Assert.Equal(ok, OtlpExport.Check(endpoint, "--otlp-endpoint") is null);

    [Fact]
    public async Task Run_WithABadEndpointFlag_ExitsTwo_WithAnExample()
    {
        var (exit, _, stderr) = await CliRunner.RunAsync("run", "--once", "--otlp-endpoint", "loki:3100", "/nonexistent");

        Assert.Equal(2, exit);
        Assert.Contains("--otlp-endpoint: 'loki:3100' is not an http(s) URL", stderr, StringComparison.Ordinal);
        Assert.Contains("http://loki:3100/otlp", stderr, StringComparison.Ordinal);
    }
}
