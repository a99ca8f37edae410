using System.Text;

namespace GitOpsBackup.Fuzz;

/// <summary>Valid files the generators start from and mutate (a nasty input close to a real one reaches deeper).</summary>
internal static class Seeds
{
    public const string DefaultsPath = "infrastructure/backup/defaults.yaml";

    private const string Digest = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    public static readonly byte[] Defaults = Encoding.UTF8.GetBytes($"""
        apiVersion: backup.homelab.dev/v1alpha1
        kind: BackupDefaults
        metadata:
          name: defaults
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

        """);

    public static string App(string name, string? ns) => $"""
        apiVersion: backup.homelab.dev/v1alpha1
        kind: HomelabBackup
        metadata:
          name: {name}
        {(ns is null ? "" : $"  namespace: {ns}\n")}  annotations:
            config.kubernetes.io/local-config: "true"
        spec:
          backupBucket: {name}-backup
          schedule: "H H(1-4) * * *"
          timeZone: Europe/Berlin
          volumes:
            - name: data
            - name: {name}-bucket
              external: true
          retention: {"{daily: 7, weekly: 6}"}

        """;

    /// <summary>Valid texts of every kind the loader reads.</summary>
    public static readonly string[] Texts =
    [
        App("nextcloud", "nextcloud"),
        App("immich", null),
        Encoding.UTF8.GetString(Defaults),
        """
        apiVersion: backup.homelab.dev/v1alpha1
        kind: ExternalClone
        metadata:
          name: usb
        spec:
          namespace: backup-system
          nodeName: node-3
          mode: device
          device:
            path: /dev/sdb1

        """,
        """
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata:
          name: data
        spec:
          accessModes: [ReadWriteOnce]
          resources:
            requests:
              storage: 1Gi

        """,
        """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: apps
          namespace: flux-system
        spec:
          path: ./apps/app
          targetNamespace: media
          sourceRef: {kind: GitRepository, name: flux-system}

        """,
        """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        namespace: nextcloud
        resources:
          - backup.yaml
          - pvc.yaml

        """,
    ];
}
