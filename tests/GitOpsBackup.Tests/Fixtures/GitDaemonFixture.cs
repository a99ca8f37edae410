using System.Diagnostics;

namespace GitOpsBackup.Tests.Fixtures;

/// <summary>
/// A real <c>git daemon</c> serving git:// on 127.0.0.1 from a temp base folder. Can be stopped and
/// started again on the same port (the "server went away" cases).
/// </summary>
public sealed class GitDaemonFixture : IAsyncLifetime
{
    private Process? _daemon;

    public string BaseDirectory { get; } = GitPorts.NewTempDirectory("gob-gitd");

    public int Port { get; } = GitPorts.Next();

    public string Url(string repoName) => $"git://127.0.0.1:{Port}/{repoName}.git";

    internal GitTestRepo CreateRepo(string name) => new(BaseDirectory, name);

    public Task InitializeAsync() => StartAsync();

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("git")
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var arg in new[] { "daemon", "--reuseaddr", $"--base-path={BaseDirectory}", "--export-all", $"--port={Port}", "--listen=127.0.0.1", BaseDirectory })
        {
            start.ArgumentList.Add(arg);
        }

        GitCli.Isolate(start, BaseDirectory);
        _daemon = Process.Start(start)!;
        _daemon.OutputDataReceived += (_, _) => { };
        _daemon.ErrorDataReceived += (_, _) => { };
        _daemon.BeginOutputReadLine();
        _daemon.BeginErrorReadLine();
        await GitPorts.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(10));
    }

    public async Task StopAsync()
    {
        if (_daemon is { HasExited: false })
        {
            _daemon.Kill(entireProcessTree: true);
            await _daemon.WaitForExitAsync();
        }

        _daemon?.Dispose();
        _daemon = null;
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        GitPorts.DeleteDirectory(BaseDirectory);
    }
}
