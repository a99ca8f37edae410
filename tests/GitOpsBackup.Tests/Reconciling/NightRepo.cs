using GitOpsBackup.Tests.Specs;

namespace GitOpsBackup.Tests.Reconciling;

/// <summary>Spec texts for night scenarios: defaults, an external clone with a cycle, and apps with one PVC each.</summary>
internal static class NightRepo
{
    public static InMemoryRepoTree Defaults(this InMemoryRepoTree repo, int maxPerNode = 1, string timeZone = "UTC") =>
        repo.Add("infrastructure/defaults.yaml", SpecTexts.Defaults + $"""
              timeZone: {timeZone}
              maxBackupsPerNode: {maxPerNode}

            """);

    public static InMemoryRepoTree Clone(this InMemoryRepoTree repo, string start = "00:00", string latest = "08:00", string timeZone = "UTC") =>
        repo.Add("infrastructure/clone.yaml", SpecTexts.Clone + $"""
              cycle:
                start: "{start}"
                latestStart: "{latest}"
                timeZone: {timeZone}

            """);

    /// <summary>An app in namespace <paramref name="ns"/> backing up the PVCs named in <paramref name="claims"/> (default: data).</summary>
    public static InMemoryRepoTree App(this InMemoryRepoTree repo, string name, string ns, string schedule, params string[] claims)
    {
        claims = claims.Length == 0 ? ["data"] : claims;
        var volumes = string.Join("\n", claims.Select(c => $"    - name: {c}"));
        repo.Add($"apps/{name}/backup.yaml", SpecTexts.App($"""
              backupBucket: {name}-backup
              schedule: "{schedule}"
              volumes:
            {volumes}
            """, name, ns));
        foreach (var claim in claims)
        {
            repo.Add($"apps/{name}/pvc-{claim}.yaml", SpecTexts.Pvc.Replace("name: data", $"name: {claim}\n  namespace: {ns}", StringComparison.Ordinal));
        }

        return repo;
    }
}
