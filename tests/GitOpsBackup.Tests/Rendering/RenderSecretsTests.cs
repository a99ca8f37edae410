using GitOpsBackup.Rendering;
using GitOpsBackup.Specs.Model;
using k8s.Models;

namespace GitOpsBackup.Tests.Rendering;

public sealed class RenderSecretsTests
{
    private static (string Yaml, List<V1PodSpec> Pods) RenderAll()
    {
        var result = TestSpecs.Render([TestSpecs.Nextcloud(), TestSpecs.TwoPvcs(), TestSpecs.ReadAllFiles()], clone: TestSpecs.Clone(CloneMode.Device));
        var clone = result.CloneJob!.ForCycle(new DateOnly(2026, 11, 28));
        var pods = result.Objects.Select(o => ((V1CronJob)o.Resource).Spec.JobTemplate.Spec.Template.Spec).ToList();
        pods.Add(((V1Job)clone.Resource).Spec.Template.Spec);
        return (RenderedYaml.SerializeAll([.. result.Objects, clone]), pods);
    }

    [Fact]
    public void CredentialVariables_ComeOnlyFromSecretKeyRefs()
    {
        var credentialLike = new[] { "KEY", "SECRET", "PASSWORD", "TOKEN", "CREDENTIAL" };
        foreach (var env in RenderAll().Pods.SelectMany(p => p.Containers).SelectMany(c => c.Env))
        {
            var isCredential = credentialLike.Any(word => env.Name.Contains(word, StringComparison.Ordinal)) && !env.Name.EndsWith("_FILE", StringComparison.Ordinal);
            if (isCredential)
            {
                Assert.True(env.Value is null, $"{env.Name} carries an inline value");
                Assert.NotNull(env.ValueFrom?.SecretKeyRef);
            }
        }
    }

    [Fact]
    public void SecretNamesAndKeys_AppearOnlyAsReferences()
    {
        var (yaml, pods) = RenderAll();

        // Every mention of a Secret name or key in the YAML is in a secretKeyRef or a secret volume.
        var references = pods.SelectMany(p => p.Containers).SelectMany(c => c.Env).Count(e => e.ValueFrom?.SecretKeyRef is not null);
        Assert.Equal((3 * 4) + 2, references);
        foreach (var word in new[] { TestSpecs.S3KeyId, TestSpecs.S3SecretKey, TestSpecs.ResticKey, TestSpecs.CaKey })
        {
            foreach (var line in yaml.Split('\n').Where(l => l.Contains(word, StringComparison.Ordinal)))
            {
                Assert.Matches(@"^\s*(- )?key: ", line);
            }
        }

        Assert.DoesNotContain("RESTIC_PASSWORD:", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("name: RESTIC_PASSWORD\n", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void TheScripts_NeverPutACredentialOnACommandLine()
    {
        foreach (var script in new[] { ScriptResources.Backup, ScriptResources.Clone })
        {
            Assert.DoesNotContain("$AWS_SECRET_ACCESS_KEY", script, StringComparison.Ordinal);
            Assert.DoesNotContain("${AWS_SECRET_ACCESS_KEY", script, StringComparison.Ordinal);
            Assert.DoesNotContain("SECRET_ACCESS_KEY}", script, StringComparison.Ordinal);
            Assert.DoesNotContain("RESTIC_PASSWORD}", script, StringComparison.Ordinal);
            Assert.DoesNotContain("--password", script, StringComparison.Ordinal);
            Assert.DoesNotContain("unlock", script, StringComparison.Ordinal);
        }
    }
}
