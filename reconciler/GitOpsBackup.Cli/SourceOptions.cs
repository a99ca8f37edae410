using System.CommandLine;
using GitOpsBackup.Reconciling;
using GitOpsBackup.Source;
using GitOpsBackup.Specs;

namespace GitOpsBackup.Cli;

/// <summary>
/// The source options a verb shares: <c>--repo URL --ref REF --path DIR</c>, credentials from files
/// or environment variables, <c>--cache-dir</c>. Resolves them, or the positional PATH, into the
/// <see cref="IRepoTree"/> to load specs from. A verb adds them in <c>Create</c> and resolves in its
/// action:
/// <code>
/// var source = SourceOptions.AddTo(command, pathArgument);
/// command.SetAction(async (parsed, ct) =>
/// {
///     using var resolved = await source.ResolveOrReportAsync(parsed, context, ct);
///     if (resolved is null) { return ExitCodes.UsageOrIo; }   // the error is on context.Error
///     var specs = new SpecLoader().Load(resolved.Tree!);   // resolved.Display names it in messages
///     ...
/// });
/// </code>
/// </summary>
internal sealed class SourceOptions
{
    private readonly Argument<string> _path;

    private SourceOptions(Argument<string> path) => _path = path;

    public Option<string?> Repo { get; } = new("--repo") { HelpName = "URL", Description = "Read specs from this git remote (git://, https://, ssh://, file://) instead of PATH" };

    public Option<string?> Ref { get; } = new("--ref") { HelpName = "REF", Description = "With --repo: main (a branch), tag:v1.2.0, semver:\">=1.0.0 <2.0.0\", or a commit SHA (default: main)" };

    public Option<string?> SubPath { get; } = new("--path") { HelpName = "DIR", Description = "Folder inside the repo (or inside PATH) to load specs from" };

    public Option<string?> CacheDir { get; } = new("--cache-dir") { HelpName = "DIR", Description = "Where clones are cached between runs (default: $XDG_CACHE_HOME/gitops-backup/git)" };

    public Option<string?> Username { get; } = new("--username") { HelpName = "USER", Description = "HTTPS user name (default \"git\" with a token)" };

    public Option<string?> PasswordFile { get; } = new("--password-file") { HelpName = "FILE", Description = "File holding the HTTPS password" };

    public Option<string?> PasswordEnv { get; } = new("--password-env") { HelpName = "VAR", Description = "Environment variable holding the HTTPS password" };

    public Option<string?> TokenFile { get; } = new("--token-file") { HelpName = "FILE", Description = "File holding an HTTPS token" };

    public Option<string?> TokenEnv { get; } = new("--token-env") { HelpName = "VAR", Description = "Environment variable holding an HTTPS token" };

    public Option<string?> CaFile { get; } = new("--ca-file") { HelpName = "FILE", Description = "PEM bundle of extra CAs trusted for HTTPS" };

    public Option<string?> SshKey { get; } = new("--ssh-key") { HelpName = "FILE", Description = "SSH private key file (no passphrase)" };

    public Option<string?> SshKnownHosts { get; } = new("--ssh-known-hosts") { HelpName = "FILE", Description = "known_hosts file; host keys are checked strictly" };

    public Option<bool> VerifySignatures { get; } = new("--verify-signatures") { Description = "With --repo: accept a head commit only with a good SSH signature by a key in --allowed-signers (else the last good revision stays)" };

    public Option<string?> AllowedSigners { get; } = new("--allowed-signers") { HelpName = "FILE", Description = "git's allowed_signers file (\"principal ssh-ed25519 AAAA...\" per line) for --verify-signatures" };

    /// <summary>The positional PATH every source-reading verb takes: a working tree, "." by default.</summary>
    public static Argument<string> PathArgument() =>
        new("PATH") { Description = "Working tree of the config repo", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => "." };

    /// <summary>Adds the options to <paramref name="command"/>; <paramref name="path"/> is the verb's positional PATH.</summary>
    public static SourceOptions AddTo(Command command, Argument<string> path)
    {
        ArgumentNullException.ThrowIfNull(command);
        var options = new SourceOptions(path);
        foreach (var option in new Option[]
        {
            options.Repo, options.Ref, options.SubPath, options.CacheDir, options.Username, options.PasswordFile, options.PasswordEnv,
            options.TokenFile, options.TokenEnv, options.CaFile, options.SshKey, options.SshKnownHosts, options.VerifySignatures, options.AllowedSigners,
        })
        {
            command.Options.Add(option);
        }

        return options;
    }

    /// <summary>The tree to load (fetched when --repo is given), or an error to print with exit code 2.</summary>
    public Task<ResolvedSource> ResolveAsync(ParseResult parsed, CliContext context, CancellationToken cancellationToken) =>
        ResolveAsync(parsed, context, null, cancellationToken);

    /// <summary>As above; with --repo, <paramref name="gitRef"/> (when not null) is fetched instead of --ref (diff fetches its --base and --head so).</summary>
    public async Task<ResolvedSource> ResolveAsync(ParseResult parsed, CliContext context, string? gitRef, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(context);
        var repo = parsed.GetValue(Repo);
        var local = parsed.GetValue(_path) ?? ".";
        var subPath = parsed.GetValue(SubPath);
        if (SignatureOptionsError(parsed, repo) is { } signatureError)
        {
            return ResolvedSource.Failure(signatureError);
        }

        if (repo is null)
        {
            if (parsed.GetValue(Ref) is not null)
            {
                return ResolvedSource.Failure("--ref needs --repo");
            }

            var root = subPath is null ? local : Path.Combine(local, subPath);
            return Directory.Exists(root)
                ? ResolvedSource.Local(new DirectoryRepoTree(root), root)
                : ResolvedSource.Failure($"{root}: no such directory");
        }

        if (parsed.GetResult(_path) is { Tokens.Count: > 0 })
        {
            return ResolvedSource.Failure("give either PATH or --repo, not both");
        }

        var (created, error) = CreateGitSource(parsed, context, repo, subPath, gitRef);
        if (created is not { } source)
        {
            return ResolvedSource.Failure(error!);
        }

        var result = await source.PollAsync(cancellationToken);
        switch (result)
        {
            case SourceResult.Updated updated:
                return ResolvedSource.Remote(updated.Tree, $"{Redactor.ScrubUrls(repo)}@{updated.Revision}", updated.Revision, source);
            case SourceResult.Failed failed:
                source.Dispose();
                return ResolvedSource.Failure($"{failed.Reason}: {failed.Message}");
            default:
                // A fresh source never reports Unchanged: it has no last revision to compare with.
                source.Dispose();
                return ResolvedSource.Failure($"unexpected source result {result}");
        }
    }

    /// <summary>
    /// The long-lived source of <c>run</c>: a git remote polled on every pass, or a working tree
    /// fingerprinted on every pass. Null with an error message for bad options.
    /// </summary>
    public (IConfigSource? Source, string? Error) CreateConfigSource(ParseResult parsed, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(context);
        var repo = parsed.GetValue(Repo);
        var subPath = parsed.GetValue(SubPath);
        if (SignatureOptionsError(parsed, repo) is { } signatureError)
        {
            return (null, signatureError);
        }

        if (repo is null)
        {
            if (parsed.GetValue(Ref) is not null)
            {
                return (null, "--ref needs --repo");
            }

            var local = parsed.GetValue(_path) ?? ".";
            var root = subPath is null ? local : Path.Combine(local, subPath);
            return Directory.Exists(root) ? (new WorkingTreeSource(new DirectoryRepoTree(root), root), null) : (null, $"{root}: no such directory");
        }

        if (parsed.GetResult(_path) is { Tokens.Count: > 0 })
        {
            return (null, "give either PATH or --repo, not both");
        }

        var (source, error) = CreateGitSource(parsed, context, repo, subPath);
        return source is null ? (null, error) : (new GitConfigSource(source, Redactor.ScrubUrls(repo)), null);
    }

    /// <summary>--verify-signatures and --allowed-signers come together, with --repo, and the file exists.</summary>
    private string? SignatureOptionsError(ParseResult parsed, string? repo)
    {
        var verify = parsed.GetValue(VerifySignatures);
        var signers = parsed.GetValue(AllowedSigners);
        return (verify, signers) switch
        {
            (false, null) => null,
            (false, _) => "--allowed-signers is used only with --verify-signatures; add it, or drop --allowed-signers",
            (true, null) => "--verify-signatures needs --allowed-signers FILE (git's allowed_signers format: \"alice@example.org ssh-ed25519 AAAA...\" per line)",
            _ when repo is null => "--verify-signatures needs --repo: a working tree has no commit to verify",
            _ when !File.Exists(signers) => $"--allowed-signers {signers}: no such file",
            _ => null,
        };
    }

    private (GitSource? Source, string? Error) CreateGitSource(ParseResult parsed, CliContext context, string repo, string? subPath, string? refText = null)
    {
        var gitRef = GitRef.Parse(refText ?? parsed.GetValue(Ref));
        if (gitRef.Kind == GitRefKind.Semver && !SemverTagSelector.IsValidRange(gitRef.Value))
        {
            return (null, $"--ref: '{gitRef.Value}' is not a semver range (e.g. \">=1.0.0 <2.0.0\", \"^1.2\", \"[1.0,2.0)\")");
        }

        GitSource source;
        try
        {
            source = new GitSource(new GitSourceOptions
            {
                Url = repo,
                Ref = gitRef,
                SubPath = subPath,
                CacheRoot = parsed.GetValue(CacheDir) ?? DefaultCacheRoot(),
                Auth = new GitAuth
                {
                    Username = parsed.GetValue(Username),
                    PasswordFile = parsed.GetValue(PasswordFile),
                    PasswordEnv = parsed.GetValue(PasswordEnv),
                    TokenFile = parsed.GetValue(TokenFile),
                    TokenEnv = parsed.GetValue(TokenEnv),
                    CaBundleFile = parsed.GetValue(CaFile),
                    SshIdentityFile = parsed.GetValue(SshKey),
                    SshKnownHostsFile = parsed.GetValue(SshKnownHosts),
                },
                AllowedSignersFile = parsed.GetValue(VerifySignatures) ? parsed.GetValue(AllowedSigners) : null,
            }, context.Time);
        }
        catch (ArgumentException ex)
        {
            return (null, ex.Message);
        }

        return (source, null);
    }

    /// <summary>As <see cref="ResolveAsync"/>, but prints the error (<c>error: ...</c>) to context.Error and returns null.</summary>
    public async Task<ResolvedSource?> ResolveOrReportAsync(ParseResult parsed, CliContext context, CancellationToken cancellationToken)
    {
        var resolved = await ResolveAsync(parsed, context, cancellationToken);
        if (resolved.Error is { } error)
        {
            await context.Error.WriteLineAsync($"error: {error}");
            return null;
        }

        return resolved;
    }

    private static string DefaultCacheRoot()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var root = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(home.Length > 0 ? home : Path.GetTempPath(), ".cache");
        return Path.Combine(root, "gitops-backup", "git");
    }
}
