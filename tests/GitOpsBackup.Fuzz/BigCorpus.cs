using System.Text;

namespace GitOpsBackup.Fuzz;

/// <summary>Corpus inputs too big to keep as files, made the same way every time.</summary>
internal static class BigCorpus
{
    public static IEnumerable<(string Name, byte[] Bytes)> For(string target) => target switch
    {
        "spec" => Spec(),
        "webhook" => Webhook(),
        _ => [],
    };

    private static IEnumerable<(string, byte[])> Spec()
    {
        var app = Encoding.UTF8.GetBytes(Seeds.App("app", "app"));
        yield return ("billion laughs (10^9 nodes)", [.. app, .. NastyYaml.AliasBomb(10, 10)]);
        yield return ("flow nesting 100000 deep", [.. app, .. NastyYaml.DeepNesting(100_000, flow: true)]);
        yield return ("block nesting 400 deep", [.. app, .. NastyYaml.DeepNesting(400, flow: false)]);
        yield return ("a 3 MiB scalar", [.. app, .. NastyYaml.HugeScalar(3 << 20)]);
        yield return ("a file over the 4 MiB cap", [.. app, .. NastyYaml.HugeScalar(5 << 20)]);
        yield return ("10000 documents", [.. app, .. NastyYaml.ManyDocuments(10_000)]);
        yield return ("10000 app documents", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 10_000).Select(i => "---\n" + Seeds.App($"app{i}", "app")))));
        yield return ("a 1 MiB key", Encoding.UTF8.GetBytes("apiVersion: backup.homelab.dev/v1alpha1\nkind: HomelabBackup\n? " + new string('k', 1 << 20) + "\n: v\n"));
        yield return ("100000 NUL bytes", [.. app, .. new byte[100_000]]);
        yield return ("a 16 MiB alias expansion", Encoding.UTF8.GetBytes("apiVersion: backup.homelab.dev/v1alpha1\nkind: HomelabBackup\nspec:\n  x: &s \"" + new string('v', 1 << 20) + "\"\n  y: [" + string.Join(", ", Enumerable.Repeat("*s", 40)) + "]\n"));
    }

    private static IEnumerable<(string, byte[])> Webhook()
    {
        yield return ("a 4 MiB body", [.. "forge: github\nX-GitHub-Event: push\n\n"u8.ToArray(), .. new byte[4 << 20]]);
        yield return ("JSON nested 1000000 deep", [.. "forge: gitlab\nX-Gitlab-Token: canary-webhook-secret-7f3a\nX-Gitlab-Event: Push Hook\n\n"u8.ToArray(), .. Encoding.UTF8.GetBytes(new string('[', 30_000))]);
        yield return ("a 1 MiB signature header", Encoding.UTF8.GetBytes("forge: github\nX-Hub-Signature-256: sha256=" + new string('f', 1 << 20) + "\nX-GitHub-Event: push\n\n{\"ref\": \"refs/heads/main\"}"));
    }
}
