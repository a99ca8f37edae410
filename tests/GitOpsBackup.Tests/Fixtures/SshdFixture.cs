using System.Diagnostics;
using System.Globalization;

namespace GitOpsBackup.Tests.Fixtures;

/// <summary>
/// A real OpenSSH <c>sshd</c> on 127.0.0.1 with a generated host key and user key; git is reached
/// through the user's shell running git-upload-pack. Also writes a correct known_hosts file and one
/// holding a different key (the "wrong host key" case).
/// </summary>
public sealed class SshdFixture : IAsyncLifetime
{
    private Process? _sshd;

    public string BaseDirectory { get; } = GitPorts.NewTempDirectory("gob-sshd");

    public int Port { get; } = GitPorts.Next();

    public string IdentityFile => Path.Combine(BaseDirectory, "id_ed25519");

    public string KnownHostsFile => Path.Combine(BaseDirectory, "known_hosts");

    public string WrongKnownHostsFile => Path.Combine(BaseDirectory, "known_hosts_wrong");

    public string ReposDirectory => Path.Combine(BaseDirectory, "repos");

    public string Url(string repoName) => $"ssh://{Environment.UserName}@127.0.0.1:{Port}{ReposDirectory}/{repoName}.git";

    internal GitTestRepo CreateRepo(string name) => new(ReposDirectory, name);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ReposDirectory);
        var hostKey = Path.Combine(BaseDirectory, "host_ed25519");
        var otherKey = Path.Combine(BaseDirectory, "other_ed25519");
        KeyGen(hostKey);
        KeyGen(otherKey);
        KeyGen(IdentityFile);
        File.Copy(IdentityFile + ".pub", Path.Combine(BaseDirectory, "authorized_keys"));
        var hostEntry = $"[127.0.0.1]:{Port}";
        await File.WriteAllTextAsync(KnownHostsFile, $"{hostEntry} {await File.ReadAllTextAsync(hostKey + ".pub")}");
        await File.WriteAllTextAsync(WrongKnownHostsFile, $"{hostEntry} {await File.ReadAllTextAsync(otherKey + ".pub")}");

        var config = Path.Combine(BaseDirectory, "sshd_config");
        await File.WriteAllTextAsync(config, string.Join('\n',
            $"Port {Port.ToString(CultureInfo.InvariantCulture)}",
            "ListenAddress 127.0.0.1",
            $"HostKey {hostKey}",
            $"PidFile {Path.Combine(BaseDirectory, "sshd.pid")}",
            $"AuthorizedKeysFile {Path.Combine(BaseDirectory, "authorized_keys")}",
            "StrictModes no",
            "UsePAM no",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PubkeyAuthentication yes",
            "PermitRootLogin prohibit-password",
            "LogLevel ERROR",
            string.Empty));

        // Privilege separation needs this folder; it is missing where no system sshd ever ran.
        Directory.CreateDirectory("/run/sshd");
        var start = new ProcessStartInfo("/usr/sbin/sshd")
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var arg in new[] { "-D", "-e", "-f", config })
        {
            start.ArgumentList.Add(arg);
        }

        GitCli.Isolate(start, BaseDirectory);
        _sshd = Process.Start(start)!;
        _sshd.OutputDataReceived += (_, _) => { };
        _sshd.ErrorDataReceived += (_, _) => { };
        _sshd.BeginOutputReadLine();
        _sshd.BeginErrorReadLine();
        await GitPorts.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(10));
    }

    public async Task DisposeAsync()
    {
        if (_sshd is { HasExited: false })
        {
            _sshd.Kill(entireProcessTree: true);
            await _sshd.WaitForExitAsync();
        }

        _sshd?.Dispose();
        GitPorts.DeleteDirectory(BaseDirectory);
    }

    private void KeyGen(string file)
    {
        var start = new ProcessStartInfo("ssh-keygen") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-q", "-t", "ed25519", "-N", string.Empty, "-C", "gitopsbackup-test", "-f", file })
        {
            start.ArgumentList.Add(arg);
        }

        GitCli.Isolate(start, BaseDirectory);
        using var process = Process.Start(start)!;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ssh-keygen failed: {process.StandardError.ReadToEnd()}");
        }
    }
}
