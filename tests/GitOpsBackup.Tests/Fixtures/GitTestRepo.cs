namespace GitOpsBackup.Tests.Fixtures;

/// <summary>
/// A bare repository under a server's base folder plus a working clone to commit and push from,
/// driven by the real git CLI.
/// </summary>
internal sealed class GitTestRepo
{
    private readonly string _work;

    public GitTestRepo(string baseDirectory, string name)
    {
        Name = name;
        BarePath = Path.Combine(baseDirectory, name + ".git");
        _work = Path.Combine(baseDirectory, "work-" + name);
        Directory.CreateDirectory(BarePath);
        GitCli.Run(BarePath, "init", "-q", "--bare", "-b", "main");
        Directory.CreateDirectory(_work);
        GitCli.Run(_work, "init", "-q", "-b", "main");
        GitCli.Run(_work, "remote", "add", "origin", BarePath);
    }

    public string Name { get; }

    public string BarePath { get; }

    /// <summary>When set, commits are SSH-signed with this private key file (git -c gpg.format=ssh commit -S).</summary>
    public string? SigningKey { get; set; }

    /// <summary>Writes (or, for a null value, deletes) files, commits, pushes the branch; returns the commit id.</summary>
    public string Commit(IReadOnlyDictionary<string, string?> files, string message = "change", string branch = "main")
    {
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(_work, path);
            if (content is null)
            {
                File.Delete(full);
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }

        GitCli.Run(_work, "add", "-A");
        if (SigningKey is { } key)
        {
            GitCli.Run(_work, "-c", "gpg.format=ssh", "-c", $"user.signingkey={key}", "commit", "-q", "-S", "--allow-empty", "-m", message);
        }
        else
        {
            GitCli.Run(_work, "commit", "-q", "--allow-empty", "-m", message);
        }

        GitCli.Run(_work, "push", "-q", "origin", $"HEAD:refs/heads/{branch}");
        return GitCli.Run(_work, "rev-parse", "HEAD");
    }

    public string Commit(string path, string content, string message = "change") =>
        Commit(new Dictionary<string, string?> { [path] = content }, message);

    /// <summary>An annotated tag on the current commit, pushed.</summary>
    public void Tag(string name)
    {
        GitCli.Run(_work, "tag", "-a", name, "-m", name);
        GitCli.Run(_work, "push", "-q", "origin", $"refs/tags/{name}");
    }

    /// <summary>Rewrites history: a new root commit with these files, force-pushed over the branch.</summary>
    public string ForcePushNewHistory(string path, string content, string branch = "main")
    {
        GitCli.Run(_work, "checkout", "-q", "--orphan", "rewritten");
        GitCli.Run(_work, "rm", "-rq", "--cached", ".");
        foreach (var entry in Directory.EnumerateFileSystemEntries(_work).Where(e => Path.GetFileName(e) != ".git"))
        {
            if (Directory.Exists(entry))
            {
                Directory.Delete(entry, recursive: true);
            }
            else
            {
                File.Delete(entry);
            }
        }

        var sha = Commit(new Dictionary<string, string?> { [path] = content }, "rewritten", "rewritten");
        GitCli.Run(_work, "push", "-q", "--force", "origin", $"HEAD:refs/heads/{branch}");
        return sha;
    }

    public void DeleteBranch(string branch) => GitCli.Run(_work, "push", "-q", "origin", $":refs/heads/{branch}");
}
