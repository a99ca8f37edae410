using System.Diagnostics;
using GitOpsBackup.Tests.Fixtures;

namespace GitOpsBackup.Tests.Specs;

/// <summary>
/// Backup files are safe for Flux and Argo CD: every folder of sample-repo with a kustomization.yaml
/// builds with the real kubectl, and the output never holds a backup.homelab.dev object.
/// </summary>
public sealed class SampleRepoKustomizeTests
{
    public static TheoryData<string> Folders()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(CheckoutPaths.SampleRepo, "kustomization.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(CheckoutPaths.SampleRepo, Path.GetDirectoryName(file)!).Replace('\\', '/'));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public async Task KubectlKustomize_Builds_AndLeavesBackupSpecsOut(string folder)
    {
        var start = new ProcessStartInfo("kubectl", ["kustomize", Path.Combine(CheckoutPaths.SampleRepo, folder)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["KUBECONFIG"] = "/dev/null";
        using var process = Process.Start(start)!;
        var outputTask = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        var output = await outputTask;
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, $"kubectl kustomize {folder} failed: {error}");
        Assert.Contains("kind:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("backup.homelab.dev", output, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryBackupFile_CarriesTheFluxAndArgoMarkers_AndASchemaLine()
    {
        var files = Directory.EnumerateFiles(CheckoutPaths.SampleRepo, "*.yaml", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains("apiVersion: backup.homelab.dev/", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, files.Count);
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            var head = lines.TakeWhile(l => l.StartsWith('#')).ToList();
            Assert.Contains("# +argocd:skip-file-rendering", head);
            var schemaLine = Assert.Single(head, l => l.StartsWith("# yaml-language-server: $schema=", StringComparison.Ordinal));
            var schemaPath = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, schemaLine["# yaml-language-server: $schema=".Length..]));
            Assert.True(File.Exists(schemaPath), $"{file}: {schemaPath} does not exist");
            Assert.Contains(lines, l => l.StartsWith("    config.kubernetes.io/local-config: \"true\"", StringComparison.Ordinal));

            // never listed under resources: of its folder's kustomization
            var kustomization = Path.Combine(Path.GetDirectoryName(file)!, "kustomization.yaml");
            if (File.Exists(kustomization))
            {
                Assert.DoesNotContain(Path.GetFileName(file), File.ReadAllText(kustomization), StringComparison.Ordinal);
            }
        }
    }
}
