using System.Globalization;
using GitOpsBackup.EmbeddedCluster;

namespace GitOpsBackup.Bench;

/// <summary>Spec texts the benches write into their generated repos.</summary>
internal static class BenchSpecs
{
    /// <summary>A valid repository-wide BackupDefaults (infrastructure/defaults.yaml).</summary>
    public const string Defaults = """
        apiVersion: backup.homelab.dev/v1alpha1
        kind: BackupDefaults
        metadata:
          name: defaults
          annotations:
            config.kubernetes.io/local-config: "true"
        spec:
          s3:
            endpoint: https://rgw.homelab.lan
            credentialsSecret:
              name: backup-s3-credentials
          resticPasswordSecret:
            name: backup-restic
            key: password
          images:
            backup: ghcr.io/homelab/backup-tools:1.0.0@sha256:2bb001f59860e9213ef4dbf0f4bdc734971b900200212b78a4f0d3285c89754d
            clone: ghcr.io/homelab/clone-tools:1.0.0@sha256:516ae2526344891c08bdb2928b8fd1145e51626a130384470e2aa0097e9a5fcd
        """;

    /// <summary>A repo-wide external clone (infrastructure/clone.yaml): a USB disk on node-3, each night from 00:00 to at latest 08:00 Berlin time.</summary>
    public const string Clone = """
        apiVersion: backup.homelab.dev/v1alpha1
        kind: ExternalClone
        metadata:
          name: usb
          annotations:
            config.kubernetes.io/local-config: "true"
        spec:
          namespace: backup-system
          nodeName: node-3
          mode: device
          device:
            path: /dev/sdb1
          disk:
            id: usb-a
          cycle:
            start: "00:00"
            latestStart: "08:00"
            timeZone: Europe/Berlin
        """;

    /// <summary>"app-00042": the folder, namespace and app name of generated app <paramref name="i"/>.</summary>
    public static string AppName(int i) => "app-" + i.ToString("D5", CultureInfo.InvariantCulture);

    /// <summary>
    /// Writes apps/&lt;name&gt;/ as a real repo has it: a kustomization setting the namespace, the app's PVC, and
    /// its backup.yaml (one PVC in the repo, one external volume, retention).
    /// </summary>
    public static void WriteApp(string root, string name, string schedule)
    {
        var folder = Path.Combine(root, "apps", name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "kustomization.yaml"), $"apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: {name}\nresources:\n  - pvc.yaml\n");
        File.WriteAllText(Path.Combine(folder, "pvc.yaml"), $"apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: {name}-data\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n");
        File.WriteAllText(BackupFile(root, name), $"""
            # yaml-language-server: $schema=../../spec-schema/homelabbackup.schema.json
            # +argocd:skip-file-rendering
            apiVersion: backup.homelab.dev/v1alpha1
            kind: HomelabBackup
            metadata:
              name: {name}
              annotations:
                config.kubernetes.io/local-config: "true"
            spec:
              backupBucket: {name}-backup
              schedule: "{schedule}"
              timeZone: Europe/Berlin
              volumes:
                - name: {name}-data
                - name: {name}-media
                  external: true
              retention:
                daily: 7
                weekly: 4

            """);
    }

    /// <summary>A working tree of <paramref name="apps"/> app folders, the defaults and an external clone.</summary>
    public static void GenerateRepo(string root, int apps)
    {
        Directory.CreateDirectory(Path.Combine(root, "infrastructure"));
        File.WriteAllText(Path.Combine(root, "infrastructure", "defaults.yaml"), Defaults);
        File.WriteAllText(Path.Combine(root, "infrastructure", "clone.yaml"), Clone);
        for (var i = 0; i < apps; i++)
        {
            WriteApp(root, AppName(i), "H H(1-4) * * *");
        }
    }

    /// <summary>The apps' namespaces and backup-system, as a cluster would have them before the first apply.</summary>
    public static void SeedNamespaces(EmbeddedKubernetes cluster, int apps)
    {
        foreach (var ns in Enumerable.Range(0, apps).Select(AppName).Append("backup-system"))
        {
            cluster.State.Seed($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
        }
    }

    /// <summary>A new temp folder for one bench.</summary>
    public static string TempRoot(string bench) => Path.Combine(Path.GetTempPath(), $"gob-bench-{bench}-" + Guid.NewGuid().ToString("N")[..8]);

    public static string BackupFile(string root, string name) => Path.Combine(root, "apps", name, "backup.yaml");
}
