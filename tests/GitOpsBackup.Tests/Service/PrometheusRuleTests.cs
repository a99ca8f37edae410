using System.Text.RegularExpressions;
using GitOpsBackup.Tests.Fixtures;
using YamlDotNet.RepresentationModel;

namespace GitOpsBackup.Tests.Service;

/// <summary>reconciler/deploy/prometheusrule.yaml: the alerts the issue asks for, each naming only metrics a /metrics scrape really has.</summary>
public sealed partial class PrometheusRuleTests
{
    [GeneratedRegex(@"gitops_backup_[a-z_]+")]
    private static partial Regex MetricName();

    private static List<(string Alert, string Expr)> Rules()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(CheckoutPaths.Root, "reconciler", "deploy", "prometheusrule.yaml")))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents.Single().RootNode;
        Assert.Equal(("monitoring.coreos.com/v1", "PrometheusRule"), (root["apiVersion"].ToString(), root["kind"].ToString()));
        return [.. ((YamlSequenceNode)root["spec"]["groups"]).Cast<YamlMappingNode>()
            .SelectMany(g => ((YamlSequenceNode)g["rules"]).Cast<YamlMappingNode>())
            .Select(r => (r["alert"].ToString(), r["expr"].ToString()))];
    }

    [Fact]
    public void Rule_HasTheAlertsTheIssueAsksFor()
    {
        var rules = Rules();

        Assert.Equal(
            ["GitOpsBackupOverdue", "GitOpsBackupFailed", "GitOpsBackupCloneFailed", "GitOpsBackupNoCloneLastNight", "GitOpsBackupSourceFailing", "GitOpsBackupReconcilerAbsent",
                "GitOpsBackupRestoreDrillFailed"],
            rules.Select(r => r.Alert));
        Assert.Contains("26 * 3600", rules.Single(r => r.Alert == "GitOpsBackupOverdue").Expr, StringComparison.Ordinal);
        Assert.StartsWith("absent(", rules.Single(r => r.Alert == "GitOpsBackupReconcilerAbsent").Expr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryAlert_NamesOnlyMetricsTheServiceExports()
    {
        var metrics = MetricsSample.Fed();
        metrics.ObserveCluster(ServiceMetricsTests.WithDrills(MetricsSample.Cluster()), MetricsSample.Noon);
        var scrape = await ServiceMetricsTests.ScrapeAsync(metrics);
        var exported = scrape.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToHashSet(StringComparer.Ordinal);

        foreach (var (alert, expr) in Rules())
        {
            var names = MetricName().Matches(expr).Select(m => m.Value).ToList();
            Assert.True(names.Count > 0, $"{alert}: names no gitops_backup_ metric");
            Assert.All(names, n => Assert.True(exported.Contains(n), $"{alert}: {n} is not on /metrics"));
        }
    }
}
