using System.Text;

namespace GitOpsBackup.Source;

/// <summary>
/// The OpenSSH client libgit2 runs for ssh:// remotes: only the given identity, only the given
/// known_hosts, strict host key checking, no prompts, no user or system ssh config. libgit2 0.32
/// runs core.sshCommand as one program (no argument splitting) and drops ssh's stderr, so the
/// options live in a small script inside the cache repo, set as that repo's core.sshCommand (per
/// repository, not process-wide), which also keeps ssh's stderr for the failure message.
/// </summary>
internal sealed class SshCommand
{
    public const string ScriptName = "gitopsbackup-ssh";
    public const string StderrName = "gitopsbackup-ssh.stderr";

    private readonly GitAuth _auth;

    private SshCommand(GitAuth auth) => _auth = auth;

    public static SshCommand? For(GitAuth auth) =>
        auth.SshIdentityFile is null && auth.SshKnownHostsFile is null ? null : new SshCommand(auth);

    /// <summary>Writes the script into <paramref name="directory"/> and returns its path.</summary>
    public string WriteScript(string directory)
    {
        var args = new List<string> { FindSsh(), "-F", "/dev/null", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "ConnectTimeout=15", "-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=3" };
        if (_auth.SshIdentityFile is { } key)
        {
            args.AddRange(["-o", "IdentitiesOnly=yes", "-i", Path.GetFullPath(key)]);
        }

        // Without a known_hosts file nothing is trusted: strict checking then refuses every host.
        var knownHosts = _auth.SshKnownHostsFile is { } file ? Path.GetFullPath(file) : "/dev/null";
        args.AddRange(["-o", "UserKnownHostsFile=" + knownHosts, "-o", "GlobalKnownHostsFile=/dev/null"]);

        var script = new StringBuilder("#!/bin/sh\n")
            .Append("exec ").AppendJoin(' ', args.Select(ShellQuote)).Append(" \"$@\" 2>>").Append(ShellQuote(Path.Combine(directory, StderrName))).Append('\n')
            .ToString();
        var path = Path.Combine(directory, ScriptName);
        File.WriteAllText(path, script);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    /// <summary>The last lines ssh wrote to stderr since the last <see cref="ClearStderr"/>, or null.</summary>
    public static string? ReadStderr(string directory)
    {
        var path = Path.Combine(directory, StderrName);
        if (!File.Exists(path))
        {
            return null;
        }

        // ssh's last words carry the reason ("Host key verification failed."); its banners do not.
        var lines = File.ReadAllLines(path)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('@') && !l.StartsWith("Warning: Permanently added", StringComparison.Ordinal))
            .TakeLast(2)
            .ToList();
        return lines.Count == 0 ? null : string.Join(" ", lines);
    }

    public static void ClearStderr(string directory)
    {
        var path = Path.Combine(directory, StderrName);
        if (File.Exists(path))
        {
            File.WriteAllText(path, string.Empty);
        }
    }

    // libgit2 starts the command without a PATH search: name the client by its full path.
    private static string FindSsh()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "ssh"))
            .FirstOrDefault(File.Exists) ?? "/usr/bin/ssh";
    }

    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
