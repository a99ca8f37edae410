using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster;

namespace GitOpsBackup.Tests.Cluster.Watch;

/// <summary>
/// Objects seeded straight into the embedded cluster (as YAML): no HTTP request, so the request log
/// holds only the cache's own, and watchers still see each change.
/// </summary>
internal static class WatchObjects
{
    private const string Container = "{name: c, image: busybox}";

    public static JsonObject Job(this ClusterState state, string name, bool owned = true, string ns = "default") =>
        state.Seed($"""
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: {name}
              namespace: {ns}
              labels: {Labels(owned)}
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers: [{Container}]
            """);

    public static JsonObject CronJob(this ClusterState state, string name, bool owned = true) =>
        state.Seed($"""
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: {name}
              namespace: default
              labels: {Labels(owned)}
            spec:
              schedule: "0 3 * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{Container}]
            """);

    public static JsonObject Pod(this ClusterState state, string name, string node, string? claim = null)
    {
        var volumes = claim is null ? "[]" : $"[{{name: data, persistentVolumeClaim: {{claimName: {claim}}}}}]";
        return state.Seed($"""
            apiVersion: v1
            kind: Pod
            metadata:
              name: {name}
              namespace: default
            spec:
              nodeName: {node}
              containers: [{Container}]
              volumes: {volumes}
            status:
              phase: Running
            """);
    }

    public static JsonObject Node(this ClusterState state, string name) =>
        state.Seed($"""
            apiVersion: v1
            kind: Node
            metadata:
              name: {name}
              labels:
                kubernetes.io/hostname: {name}
            status:
              conditions:
              - type: Ready
                status: "True"
            """);

    public static JsonObject Claim(this ClusterState state, string name, string volume) =>
        state.Seed($"""
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: {name}
              namespace: default
            spec:
              volumeName: {volume}
              accessModes: [ReadWriteOnce]
            status:
              phase: Bound
            """);

    public static JsonObject Volume(this ClusterState state, string name) =>
        state.Seed($"""
            apiVersion: v1
            kind: PersistentVolume
            metadata:
              name: {name}
            spec:
              accessModes: [ReadWriteOnce]
              hostPath:
                path: /data
            """);

    public static JsonObject Attachment(this ClusterState state, string name, string volume, string node) =>
        state.Seed($"""
            apiVersion: storage.k8s.io/v1
            kind: VolumeAttachment
            metadata:
              name: {name}
            spec:
              attacher: csi.example
              nodeName: {node}
              source:
                persistentVolumeName: {volume}
            status:
              attached: true
            """);

    /// <summary>"namespace/name" (or "name" when cluster-scoped) of each object, in snapshot order.</summary>
    public static IReadOnlyList<string> Names(this IReadOnlyList<JsonObject> objects) =>
        [.. objects.Select(o => $"{o["metadata"]?["namespace"]}/{o["metadata"]?["name"]}".TrimStart('/'))];

    private static string Labels(bool owned) => owned ? $"{{{Ownership.ManagedByLabel}: {Ownership.ManagedByValue}}}" : "{}";
}
