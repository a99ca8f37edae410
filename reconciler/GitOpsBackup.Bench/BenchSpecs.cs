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
}
