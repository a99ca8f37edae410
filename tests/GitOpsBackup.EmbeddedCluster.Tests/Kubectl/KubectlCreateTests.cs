using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Json;
using k8s;

namespace GitOpsBackup.EmbeddedCluster.Tests.Kubectl;

/// <summary>kubectl's typed creates send protobuf bodies (see Api/ProtobufBody): Jobs and CronJobs must arrive whole.</summary>
public sealed class KubectlCreateTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly Kubernetes client = fixture.Client;
    private readonly Kubectl kubectl = new(fixture.KubeconfigPath, Directory.CreateDirectory(Path.Combine(fixture.TempDir, "home")).FullName);

    /// <summary>A backup CronJob like the renderer's, with every pod field the decoder reads.</summary>
    private static string BackupCronJob(string ns) => """
        {"apiVersion":"batch/v1","kind":"CronJob",
         "metadata":{"name":"backup-app","namespace":"NAMESPACE","labels":{"backup.homelab.dev/app":"app"}},
         "spec":{"schedule":"30 2 * * *","timeZone":"Europe/Berlin","concurrencyPolicy":"Forbid","startingDeadlineSeconds":3600,
          "jobTemplate":{
           "metadata":{"labels":{"backup.homelab.dev/app":"app","backup.homelab.dev/component":"backup"},"annotations":{"backup.homelab.dev/revision":"abc123"}},
           "spec":{"suspend":true,"backoffLimit":0,"activeDeadlineSeconds":21600,"ttlSecondsAfterFinished":259200,
            "template":{
             "metadata":{"labels":{"backup.homelab.dev/app":"app"},"annotations":{"kubectl.kubernetes.io/default-container":"backup"}},
             "spec":{"restartPolicy":"Never","serviceAccountName":"backup","automountServiceAccountToken":false,"enableServiceLinks":false,
              "terminationGracePeriodSeconds":30,"priorityClassName":"low",
              "nodeSelector":{"kubernetes.io/os":"linux"},
              "affinity":{
               "nodeAffinity":{
                "requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"disk","operator":"In","values":["ssd","nvme"]}]}]},
                "preferredDuringSchedulingIgnoredDuringExecution":[{"weight":10,"preference":{"matchExpressions":[{"key":"zone","operator":"Exists"}]}}]},
               "podAntiAffinity":{
                "requiredDuringSchedulingIgnoredDuringExecution":[{"labelSelector":{"matchLabels":{"backup.homelab.dev/component":"backup"}},"topologyKey":"kubernetes.io/hostname"}],
                "preferredDuringSchedulingIgnoredDuringExecution":[{"weight":50,"podAffinityTerm":{"labelSelector":{"matchExpressions":[{"key":"app","operator":"In","values":["x"]}]},"namespaces":["apps"],"topologyKey":"zone"}}]}},
              "tolerations":[{"key":"dedicated","operator":"Equal","value":"storage","effect":"NoSchedule"},{"operator":"Exists","effect":"NoExecute","tolerationSeconds":300}],
              "imagePullSecrets":[{"name":"registry"}],
              "securityContext":{"runAsUser":1000,"runAsGroup":1000,"runAsNonRoot":true,"fsGroup":1000,"supplementalGroups":[5,6],"fsGroupChangePolicy":"OnRootMismatch","seccompProfile":{"type":"RuntimeDefault"}},
              "initContainers":[{"name":"init","image":"busybox:1.37","command":["sh","-c","true"]}],
              "containers":[{"name":"backup","image":"restic/restic:0.17@sha256:0123","imagePullPolicy":"IfNotPresent","workingDir":"/work",
               "command":["/bin/sh","-c"],"args":["exec /scripts/backup.sh",""],
               "env":[{"name":"RESTIC_REPOSITORY","value":"s3:https://s3.example/bucket"},
                      {"name":"EMPTY"},
                      {"name":"RESTIC_PASSWORD","valueFrom":{"secretKeyRef":{"name":"restic","key":"password"}}},
                      {"name":"OPTIONAL","valueFrom":{"configMapKeyRef":{"name":"settings","key":"opt","optional":true}}},
                      {"name":"NODE","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"spec.nodeName"}}}],
               "envFrom":[{"prefix":"S3_","secretRef":{"name":"s3-credentials"}},{"configMapRef":{"name":"more","optional":false}}],
               "ports":[{"name":"metrics","containerPort":9090,"protocol":"TCP"}],
               "resources":{"limits":{"memory":"512Mi","cpu":"1"},"requests":{"memory":"128Mi","cpu":"100m"}},
               "volumeMounts":[{"name":"data","mountPath":"/data","readOnly":true},{"name":"scripts","mountPath":"/scripts"},{"name":"cache","mountPath":"/cache","subPath":"restic"}],
               "securityContext":{"readOnlyRootFilesystem":true,"allowPrivilegeEscalation":false,"privileged":false,"runAsUser":1000,"capabilities":{"drop":["ALL"],"add":["DAC_READ_SEARCH"]}}}],
              "volumes":[{"name":"data","persistentVolumeClaim":{"claimName":"app-data","readOnly":true}},
                         {"name":"scripts","secret":{"secretName":"backup-scripts","defaultMode":365,"items":[{"key":"backup.sh","path":"backup.sh","mode":493}]}},
                         {"name":"settings","configMap":{"name":"settings","optional":true}},
                         {"name":"cache","emptyDir":{}},
                         {"name":"tmp","emptyDir":{"medium":"Memory","sizeLimit":"64Mi"}},
                         {"name":"host","hostPath":{"path":"/var/lib/x","type":"Directory"}},
                         {"name":"nfs","nfs":{"server":"nas","path":"/export","readOnly":true}}]}}}}}}
        """.Replace("NAMESPACE", ns, StringComparison.Ordinal);

    [Fact]
    public async Task CreateJobFromCronJob_CopiesTheJobTemplate_WithOwnerAndManualAnnotation()
    {
        var ns = await fixture.NewNamespaceAsync("kfrom");
        var cronJob = fixture.Cluster.State.Seed(BackupCronJob(ns));

        var output = await kubectl.OkAsync("create", "job", "manual-1", "--from=cronjob/backup-app", "-n", ns);

        Assert.Contains("job.batch/manual-1 created", output, StringComparison.Ordinal);
        var job = fixture.Cluster.State.Get("batch/v1", "Job", ns, "manual-1")!;
        var template = cronJob["spec"]!["jobTemplate"]!.AsObject();
        Assert.True(job["spec"]!["suspend"]!.GetValue<bool>());
        Assert.Equal("app", job["metadata"]!["labels"]!["backup.homelab.dev/app"]!.ToString());
        Assert.Equal("backup", job["metadata"]!["labels"]!["backup.homelab.dev/component"]!.ToString());
        Assert.Equal("manual", job["metadata"]!["annotations"]!["cronjob.kubernetes.io/instantiate"]!.ToString());
        Assert.Equal("abc123", job["metadata"]!["annotations"]!["backup.homelab.dev/revision"]!.ToString());
        var owner = Assert.Single(job["metadata"]!["ownerReferences"]!.AsArray())!;
        Assert.Equal("CronJob", owner["kind"]!.ToString());
        Assert.Equal("backup-app", owner["name"]!.ToString());
        Assert.Equal(cronJob["metadata"]!["uid"]!.ToString(), owner["uid"]!.ToString());
        Assert.True(owner["controller"]!.GetValue<bool>());
        foreach (var field in new[] { "backoffLimit", "activeDeadlineSeconds", "ttlSecondsAfterFinished" })
        {
            Assert.Equal(template["spec"]![field]!.GetValue<long>(), job["spec"]![field]!.GetValue<long>());
        }

        // Every pod field the decoder knows arrives as it was: compare the whole pod spec.
        AssertJson(template["spec"]!["template"]!["spec"], job["spec"]!["template"]!["spec"]);
        AssertJson(template["spec"]!["template"]!["metadata"]!["annotations"], job["spec"]!["template"]!["metadata"]!["annotations"]);
        Assert.Equal("app", job["spec"]!["template"]!["metadata"]!["labels"]!["backup.homelab.dev/app"]!.ToString());
    }

    [Fact]
    public async Task CreateJobFromCronJob_ThenReadThroughTheClient_HasImageCommandAndVolumes()
    {
        var ns = await fixture.NewNamespaceAsync("kfromc");
        fixture.Cluster.State.Seed(BackupCronJob(ns));

        await kubectl.OkAsync("create", "job", "manual-1", "--from=cronjob/backup-app", "-n", ns);

        var job = await client.BatchV1.ReadNamespacedJobAsync("manual-1", ns);
        var container = Assert.Single(job.Spec.Template.Spec.Containers);
        Assert.True(job.Spec.Suspend);
        Assert.Equal("restic/restic:0.17@sha256:0123", container.Image);
        Assert.Equal(["/bin/sh", "-c"], container.Command);
        Assert.Equal("restic", container.Env.Single(e => e.Name == "RESTIC_PASSWORD").ValueFrom.SecretKeyRef.Name);
        Assert.True(container.VolumeMounts.Single(m => m.Name == "data").ReadOnlyProperty);
        Assert.Equal("app-data", job.Spec.Template.Spec.Volumes.Single(v => v.Name == "data").PersistentVolumeClaim.ClaimName);
        Assert.Equal("backup-scripts", job.Spec.Template.Spec.Volumes.Single(v => v.Name == "scripts").Secret.SecretName);
        Assert.Equal(job.Metadata.Uid, job.Spec.Selector.MatchLabels["batch.kubernetes.io/controller-uid"]);
        Assert.Contains(fixture.Cluster.Requests.Entries, e => e.Verb == "create" && e.Resource == "jobs" && e.StatusCode == 201);
    }

    [Fact]
    public async Task CreateCronJob_WithImageAndSchedule_IsStored()
    {
        var ns = await fixture.NewNamespaceAsync("kcron");

        var output = await kubectl.OkAsync("create", "cronjob", "x", "--image=busybox", "--schedule=*/5 * * * *", "-n", ns, "--", "date");

        Assert.Contains("cronjob.batch/x created", output, StringComparison.Ordinal);
        var cronJob = await client.BatchV1.ReadNamespacedCronJobAsync("x", ns);
        Assert.Equal("*/5 * * * *", cronJob.Spec.Schedule);
        Assert.Equal("Allow", cronJob.Spec.ConcurrencyPolicy);
        Assert.Equal("OnFailure", cronJob.Spec.JobTemplate.Spec.Template.Spec.RestartPolicy);
        var container = Assert.Single(cronJob.Spec.JobTemplate.Spec.Template.Spec.Containers);
        Assert.Equal("x", container.Name);
        Assert.Equal("busybox", container.Image);
        Assert.Equal(["date"], container.Command);
        Assert.Equal("x", cronJob.Spec.JobTemplate.Metadata.Name);
    }

    [Fact]
    public async Task CreateJobWithImage_IsStored_AndRefusesAnUnknownKindStill()
    {
        var ns = await fixture.NewNamespaceAsync("kjob");

        await kubectl.OkAsync("create", "job", "once", "--image=busybox", "-n", ns, "--", "echo", "hi");
        var (exit, _, err) = await kubectl.RunAsync(["create", "configmap", "c", "--from-literal=a=b", "-n", ns]);

        var job = await client.BatchV1.ReadNamespacedJobAsync("once", ns);
        Assert.Equal(["echo", "hi"], job.Spec.Template.Spec.Containers.Single().Command);
        Assert.False(job.Spec.Suspend);
        Assert.NotEqual(0, exit); // configmaps are not served at all
        Assert.NotEmpty(err);
    }

    private static void AssertJson(JsonNode? expected, JsonNode? actual) =>
        Assert.True(JsonEquality.Equal(expected, actual), $"expected {expected?.ToJsonString()}\nactual   {actual?.ToJsonString()}");
}
