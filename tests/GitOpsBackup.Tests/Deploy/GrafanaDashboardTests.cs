using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GitOpsBackup.Tests.Fixtures;

namespace GitOpsBackup.Tests.Deploy;

/// <summary>
/// reconciler/deploy/grafana-dashboard.json: valid JSON, each panel's PromQL over metrics the service
/// exports (the names agreed in the metrics contract), and a kustomize generator that makes the
/// ConfigMap Grafana's sidecar picks up.
/// </summary>
public sealed partial class GrafanaDashboardTests
{
    /// <summary>The exported names (the metrics contract between the service and this dashboard), with each one's type.</summary>
    private static readonly Dictionary<string, string> Exported = new(StringComparer.Ordinal)
    {
        ["gitops_backup_pass_duration_seconds"] = "histogram",
        ["gitops_backup_passes_total"] = "counter",
        ["gitops_backup_revision_info"] = "gauge",
        ["gitops_backup_source_up"] = "gauge",
        ["gitops_backup_source_failures_total"] = "counter",
        ["gitops_backup_api_requests_total"] = "counter",
        ["gitops_backup_app_last_success_timestamp_seconds"] = "gauge",
        ["gitops_backup_app_last_outcome"] = "gauge",
        ["gitops_backup_app_last_duration_seconds"] = "gauge",
        ["gitops_backup_app_last_bytes_added"] = "gauge",
        ["gitops_backup_app_last_verified_timestamp_seconds"] = "gauge",
        ["gitops_backup_app_last_drill_outcome"] = "gauge",
        ["gitops_backup_node_running_backups"] = "gauge",
        ["gitops_backup_node_queued_backups"] = "gauge",
        ["gitops_backup_night_backups"] = "gauge",
        ["gitops_backup_clone_last_outcome"] = "gauge",
        ["gitops_backup_clone_last_duration_seconds"] = "gauge",
        ["gitops_backup_clone_last_end_timestamp_seconds"] = "gauge",
        ["gitops_backup_leader"] = "gauge",
    };

    private static readonly string DashboardPath = Path.Combine(CheckoutPaths.Root, "reconciler", "deploy", "grafana-dashboard.json");

    /// <summary>What reconciler/deploy/kustomization.yaml adds to make the ConfigMap (kept here so the test proves the lines work).</summary>
    private const string Generator = """
        configMapGenerator:
          - name: gitops-backup-grafana-dashboard
            files:
              - grafana-dashboard.json
            options:
              labels:
                grafana_dashboard: "1"
              disableNameSuffixHash: true
        """;

    private static List<(string Panel, string Expr)> Expressions()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(DashboardPath))!.AsObject();
        Assert.Equal("gitops-backup", (string?)dashboard["uid"]);
        return dashboard["panels"]!.AsArray()
            .SelectMany(p => (p!["targets"] as JsonArray ?? []).Select(t => ((string)p["title"]!, (string)t!["expr"]!)))
            .ToList();
    }

    [Fact]
    public void EveryExpression_UsesOnlyExportedMetricNames()
    {
        var expressions = Expressions();

        Assert.True(expressions.Count >= 15, $"only {expressions.Count} queries");
        foreach (var (panel, expr) in expressions)
        {
            var names = MetricName().Matches(expr).Select(m => m.Value).ToList();
            Assert.True(names.Count > 0, $"panel '{panel}': {expr} reads no gitops_backup_ metric");
            foreach (var name in names)
            {
                // A histogram is scraped as _bucket, _sum and _count series.
                var histogram = Regex.Replace(name, "_(bucket|sum|count)$", "");
                Assert.True(
                    Exported.ContainsKey(name) || Exported.GetValueOrDefault(histogram) == "histogram",
                    $"panel '{panel}' reads {name}, which the service does not export (see the metrics contract): {expr}");
            }
        }
    }

    [Theory]
    [InlineData("gitops_backup_app_last_success_timestamp_seconds")] // last success per app
    [InlineData("gitops_backup_app_last_outcome")] // failures
    [InlineData("gitops_backup_app_last_bytes_added")]
    [InlineData("gitops_backup_app_last_verified_timestamp_seconds")] // last proven restorable
    [InlineData("gitops_backup_node_running_backups")] // the night per node
    [InlineData("gitops_backup_clone_last_outcome")]
    [InlineData("gitops_backup_clone_last_duration_seconds")]
    [InlineData("gitops_backup_source_up")]
    [InlineData("gitops_backup_source_failures_total")]
    [InlineData("gitops_backup_passes_total")]
    public void TheDashboard_Shows(string metric) =>
        Assert.Contains(Expressions(), e => MetricName().Matches(e.Expr).Any(m => m.Value == metric));

    [Fact]
    public async Task Kustomize_MakesTheSidecarConfigMap()
    {
        var dir = Directory.CreateTempSubdirectory("gitops-backup-dashboard-").FullName;
        try
        {
            File.Copy(DashboardPath, Path.Combine(dir, "grafana-dashboard.json"));
            await File.WriteAllTextAsync(Path.Combine(dir, "kustomization.yaml"), "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n" + Generator + "\n");

            var built = await ProcessRunner.RunAsync("kubectl", ["kustomize", dir], new Dictionary<string, string> { ["HOME"] = dir }, TimeSpan.FromMinutes(1));

            Assert.True(built.ExitCode == 0, built.ToString());
            Assert.Contains("kind: ConfigMap", built.Stdout, StringComparison.Ordinal);
            Assert.Contains("name: gitops-backup-grafana-dashboard\n", built.Stdout, StringComparison.Ordinal);
            Assert.Contains("grafana_dashboard: \"1\"", built.Stdout, StringComparison.Ordinal);
            Assert.Contains("grafana-dashboard.json: |", built.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [GeneratedRegex("gitops_backup_[a-z_]+")]
    private static partial Regex MetricName();
}
