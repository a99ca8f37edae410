using System.Diagnostics;

namespace GitOpsBackup.EmbeddedCluster.Tests.Kubectl;

/// <summary>
/// Runs the real kubectl against a kubeconfig with an explicit environment: KUBECONFIG, a private
/// HOME (so its discovery cache is isolated), PATH, and nothing else from this machine.
/// </summary>
internal sealed class Kubectl(string kubeconfig, string home)
{
    public async Task<(int Exit, string Out, string Err)> RunAsync(IEnumerable<string> args, string? stdin = null, IDictionary<string, string>? env = null)
    {
        var start = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        start.Environment["HOME"] = home;
        start.Environment["KUBECONFIG"] = kubeconfig;
        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs kubectl and fails the test with its output when it exits non-zero.</summary>
    public async Task<string> OkAsync(params string[] args)
    {
        var (exit, stdout, stderr) = await RunAsync(args);
        Assert.True(exit == 0, $"kubectl {string.Join(' ', args)} exited {exit}\nstdout: {stdout}\nstderr: {stderr}");
        return stdout;
    }
}
