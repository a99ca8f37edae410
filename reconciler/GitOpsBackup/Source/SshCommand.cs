namespace GitOpsBackup.Source;

/// <summary>
/// The OpenSSH command libgit2 runs for ssh:// remotes (set as the cache repo's core.sshCommand, so
/// it is per repository, not process-wide): only the given identity, only the given known_hosts,
/// strict host key checking, no prompts, no user or system ssh config.
/// </summary>
internal sealed record SshCommand(string CommandLine)
{
    public static SshCommand? For(GitAuth auth)
    {
        if (auth.SshIdentityFile is null && auth.SshKnownHostsFile is null)
        {
            return null;
        }

        var parts = new List<string> { "ssh", "-F", "/dev/null", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "ConnectTimeout=15" };
        if (auth.SshIdentityFile is { } key)
        {
            parts.AddRange(["-o", "IdentitiesOnly=yes", "-i", Quote(Path.GetFullPath(key))]);
        }

        // Without a known_hosts file nothing is trusted: strict checking then refuses every host.
        var knownHosts = auth.SshKnownHostsFile is { } file ? Path.GetFullPath(file) : "/dev/null";
        parts.AddRange(["-o", "UserKnownHostsFile=" + Quote(knownHosts), "-o", "GlobalKnownHostsFile=/dev/null"]);
        return new SshCommand(string.Join(' ', parts));
    }

    private static string Quote(string path) =>
        path.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '\\' or '$') ? "\"" + path.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"" : path;
}
