namespace GitOpsBackup.Tests.Specs;

/// <summary>Valid spec texts to build test repos from.</summary>
internal static class SpecTexts
{
    public const string Digest = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    public const string Defaults = $"""
        apiVersion: backup.homelab.dev/v1alpha1
        kind: BackupDefaults
        metadata:
          name: defaults
          annotations:
            config.kubernetes.io/local-config: "true"
        spec:
          s3:
            endpoint: https://s3.lan
            credentialsSecret:
              name: s3-credentials
          resticPasswordSecret:
            name: restic
            key: password
          images:
            backup: ghcr.io/homelab/backup:1.0@sha256:{Digest}
            clone: ghcr.io/homelab/clone:1.0@sha256:{Digest}

        """;

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

        """;

    public const string Pvc = """
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata:
          name: data
        spec:
          resources:
            requests:
              storage: 1Gi

        """;

    /// <summary>
    /// An app spec whose spec: body is <paramref name="specBody"/> (each line indented two spaces by the caller).
    /// Line 1 is apiVersion; metadata.name is on line 4, metadata.namespace on line 5; the body starts on line 9.
    /// </summary>
    public static string App(string specBody, string name = "app", string? ns = "apps") => $"""
        apiVersion: backup.homelab.dev/v1alpha1
        kind: HomelabBackup
        metadata:
          name: {name}
        {(ns is null ? "  labels: {}" : "  namespace: " + ns)}
          annotations:
            config.kubernetes.io/local-config: "true"
        spec:
        {specBody}
        """;

    public const string MinimalBody = """
          backupBucket: app-backup
          volumes:
            - name: data
        """;

    /// <summary>A repo with defaults at the root and one app folder (apps/app) holding a PVC named data.</summary>
    public static InMemoryRepoTree Repo(string appText) => new InMemoryRepoTree()
        .Add("infrastructure/defaults.yaml", Defaults)
        .Add("apps/app/pvc.yaml", Pvc)
        .Add("apps/app/backup.yaml", appText);
}
