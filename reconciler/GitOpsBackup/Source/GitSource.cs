using System.Security.Cryptography;
using System.Text;
using LibGit2Sharp;
using Polly;

namespace GitOpsBackup.Source;

/// <summary>
/// Follows one remote ref. Each <see cref="PollAsync"/>: ask the remote for the ref's head
/// (ls-remote); if it is the last good revision, stop (<see cref="SourceResult.Unchanged"/>); else
/// fetch it into a bare clone cached per URL (shallow for branches and tags), and hand out its tree.
/// Any failure keeps the last good revision, backs off (capped exponential, on the injected clock)
/// and is retried by a later poll; a corrupt cache is deleted and cloned again. With
/// <see cref="GitSourceOptions.AllowedSignersFile"/> the head commit must carry a good SSH signature
/// (<see cref="SshSignatureVerifier"/>), else the poll fails with <see cref="SourceFailure.Signature"/>.
/// One caller polls at a time (the reconcile loop).
/// </summary>
public sealed class GitSource : IDisposable
{
    private const string RemoteName = "origin";

    private readonly GitSourceOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<double> _random;
    private readonly Backoff _backoff;
    private readonly ResiliencePipeline _interrupts;
    private readonly SshCommand? _ssh;
    private readonly SshSignatureVerifier? _verifier;
    private readonly object _gate = new();
    private readonly SubtreeCache _subtrees = new();
    private Repository? _repository;
    private Task? _inFlight;
    private SourceResult.Failed? _failure;
    private (string CommitId, string Reason)? _refused;

    public GitSource(GitSourceOptions options, TimeProvider time)
        : this(options, time, Random.Shared.NextDouble)
    {
    }

    /// <param name="random">Where the back-off's jitter draws from, values in [0, 1). Tests pin it; in production it is shared randomness, so sources that failed together spread out.</param>
    internal GitSource(GitSourceOptions options, TimeProvider time, Func<double> random)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (HasPasswordInUrl(options.Url))
        {
            throw new ArgumentException($"the repository URL '{Redactor.ScrubUrls(options.Url)}' carries a password; give credentials through files or environment variables instead", nameof(options));
        }

        _options = options;
        _time = time;
        _random = random;
        _backoff = new Backoff(options.InitialBackoff, options.MaxBackoff);
        _interrupts = Resilience.Retry(MaxInterruptAttempts, new Backoff(TimeSpan.Zero, TimeSpan.Zero), time, ex => ex is LibGit2SharpException git && IsInterrupted(git));
        _ssh = SshCommand.For(options.Auth);
        _verifier = options.AllowedSignersFile is { } signers ? new SshSignatureVerifier(signers, TimeSpan.FromSeconds(Math.Min(10, options.Timeout.TotalSeconds))) : null;

        // A silent server must fail a read on its own, or the stuck call outlives every later poll.
        SocketTimeoutsApplied = Libgit2Timeouts.TryApply(TimeSpan.FromSeconds(Math.Min(15, options.Timeout.TotalSeconds)), options.Timeout);
        CacheDirectory = Path.Combine(options.CacheRoot, CacheKey(options.Url));
    }

    /// <summary>True when libgit2's connect and read/write timeouts could be set (process-wide, last one wins).</summary>
    public bool SocketTimeoutsApplied { get; }

    /// <summary>The revision last handed out by a successful poll (kept through failures).</summary>
    public GitRevision? LastGood { get; private set; }

    /// <summary>The bare clone's folder: one per URL under <see cref="GitSourceOptions.CacheRoot"/>.</summary>
    public string CacheDirectory { get; }

    /// <summary>Fresh clones made by this instance (the first one, and each after a corrupt cache).</summary>
    public int Clones { get; private set; }

    /// <summary>Fetches that completed (an unchanged poll does none; an interrupted attempt does not count).</summary>
    public int Fetches { get; private set; }

    /// <summary>Polls once. Never throws for remote trouble: that is a <see cref="SourceResult.Failed"/>.</summary>
    public async Task<SourceResult> PollAsync(CancellationToken cancellationToken = default)
    {
        if (_failure is { } backingOff && _time.GetUtcNow() < backingOff.RetryAt)
        {
            return backingOff;
        }

        if (_inFlight is { IsCompleted: false })
        {
            // A timed-out native call is still running: libgit2 cannot be interrupted outside its callbacks.
            return Fail(new TimeoutException("the previous git operation is still running after its timeout"));
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = Task.Run(() => PollCore(cts.Token), CancellationToken.None);
        _inFlight = work;
        try
        {
            var result = await work.WaitAsync(_options.Timeout, _time, cancellationToken).ConfigureAwait(false);
            _failure = null;
            if (result is SourceResult.Updated updated)
            {
                LastGood = updated.Revision;
            }

            return result;
        }
        catch (TimeoutException)
        {
            await cts.CancelAsync().ConfigureAwait(false);
            return Fail(new TimeoutException($"git operation did not finish within {_options.Timeout.TotalSeconds:0.#}s"));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever went wrong, the caller keeps the last good revision and retries after the back-off.
            return Fail(ex);
        }
    }

    public void Dispose()
    {
        // A timed-out native call may still hold the repository: close it when that call returns.
        if (_inFlight is { IsCompleted: false } running)
        {
            running.ContinueWith(_ => CloseRepository(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            return;
        }

        CloseRepository();
    }

    private void CloseRepository()
    {
        lock (_gate)
        {
            _repository?.Dispose();
            _repository = null;
        }
    }

    private SourceResult.Failed Fail(Exception ex)
    {
        var count = (_failure?.ConsecutiveFailures ?? 0) + 1;
        var reason = FailureClassifier.Classify(ex);

        // A schedule, not a loop: this poll returns now and a later one retries, so the wait is only computed here.
        // A refused signature is a verdict on one commit, not trouble to wait out: no back-off, the next poll asks
        // the remote again (only ls-remote while the head is the refused commit), so a signed fix is taken at once.
        var retryAt = reason == SourceFailure.Signature ? _time.GetUtcNow() : _time.GetUtcNow() + Resilience.Delay(_backoff, count, _random());
        var message = $"{Redactor.ScrubUrls(_options.Url)} ({_options.Ref}): {ex.Message}";
        _failure = new SourceResult.Failed(reason, Scrub(message), LastGood, retryAt, count);
        return _failure;
    }

    private string Scrub(string text)
    {
        var secrets = new List<string>();
        try
        {
            if (SecretReader.HttpCredentials(_options.Auth) is { } credentials)
            {
                secrets.Add(credentials.Password);
            }
        }
        catch (IOException)
        {
            // An unreadable secret file is reported by the poll itself; nothing to scrub then.
        }

        return Redactor.Scrub(text, secrets);
    }

    private SourceResult PollCore(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var existed = Directory.Exists(CacheDirectory);
            try
            {
                return SyncRetryingInterrupts(cancellationToken);
            }
            catch (LibGit2SharpException ex) when (existed && FailureClassifier.Classify(ex) is SourceFailure.Corrupt)
            {
                // The cache may be broken (a torn write, a bad pack): drop it and clone afresh, once.
                DropCache();
                return SyncWithSshErrors(cancellationToken);
            }
        }
    }

    /// <summary>
    /// The .NET runtime interrupts threads with signals (to suspend them for the GC); with socket
    /// timeouts set, libgit2 waits in poll(), which then fails with EINTR instead of waiting on.
    /// That is no remote trouble: try again at once, a few times.
    /// </summary>
    private SourceResult SyncRetryingInterrupts(CancellationToken cancellationToken)
    {
        // An attempt interrupted after it created the cache leaves the retry to open it: still a clone for this poll.
        var clonesBefore = Clones;
        var result = _interrupts.Execute(SyncWithSshErrors, cancellationToken);
        return result is SourceResult.Updated { Cloned: false } updated && Clones > clonesBefore ? updated with { Cloned = true } : result;
    }

    private const int MaxInterruptAttempts = 5;

    private static bool IsInterrupted(LibGit2SharpException ex) =>
        ex.Message.Contains("Interrupted system call", StringComparison.Ordinal);

    /// <summary>libgit2 reports a failed ssh as a bare EOF; ssh's own words ("Host key verification failed") say why.</summary>
    private SourceResult SyncWithSshErrors(CancellationToken cancellationToken)
    {
        if (_ssh is null)
        {
            return Sync(cancellationToken);
        }

        SshCommand.ClearStderr(CacheDirectory);
        try
        {
            return Sync(cancellationToken);
        }
        catch (LibGit2SharpException ex) when (SshCommand.ReadStderr(CacheDirectory) is { } stderr)
        {
            throw new LibGit2SharpException($"{ex.Message}; ssh: {stderr}", ex);
        }
    }

    private SourceResult Sync(CancellationToken cancellationToken)
    {
        var cloned = false;
        if (_repository is null)
        {
            cloned = OpenOrCreate(cancellationToken);
        }

        var repository = _repository!;
        var remote = ResolvesByFetch
            ? ResolveByFetch(repository, cancellationToken)
            : ResolveRemote(repository, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();

        if (LastGood is { } last && last.CommitId == remote.CommitId && last.RefName == remote.RefName)
        {
            return new SourceResult.Unchanged(last);
        }

        if (_refused is { } refused && refused.CommitId == remote.CommitId)
        {
            // The head is still the commit whose signature was refused: the verdict cannot change, so no fetch, no ssh-keygen.
            throw new SourceException(SourceFailure.Signature, refused.Reason);
        }

        var commit = remote.CommitId is null ? null : repository.Lookup<Commit>(remote.CommitId);
        if (commit is null)
        {
            Fetch(repository, remote, cancellationToken);
            commit = LocalCommit(repository, remote)
                ?? throw new SourceException(SourceFailure.RefNotFound, $"{_options.Ref} was not found after fetching");
        }

        var signer = VerifySignature(repository, commit);
        var tree = GitTreeRepoTree.At(repository, commit.Tree, _options.SubPath, _subtrees)
            ?? throw new SourceException(SourceFailure.PathNotFound, $"path '{_options.SubPath}' is not a folder in {commit.Sha[..12]}");

        // Reading every entry's header now surfaces a damaged cache here, inside the source, not in the loader.
        _ = tree.EnumerateFiles();
        var revision = new GitRevision(remote.RefName, commit.Sha);
        return new SourceResult.Updated(revision, tree, cloned) { Signer = signer };
    }

    /// <summary>Null when signatures are not checked; the signer when the commit's signature is good; else the commit is refused (and remembered).</summary>
    private string? VerifySignature(Repository repository, Commit commit)
    {
        if (_verifier is null)
        {
            return null;
        }

        SignatureInfo? signature;
        try
        {
            signature = Commit.ExtractSignature(repository, commit.Id);
        }
        catch (NotFoundException)
        {
            signature = null;
        }

        var verdict = _verifier.Verify(commit.Sha, signature?.Signature, signature?.SignedData, commit.Committer.When, CacheDirectory);
        if (!verdict.Ok)
        {
            _refused = (commit.Sha, verdict.Message);
            throw new SourceException(SourceFailure.Signature, verdict.Message);
        }

        _refused = null;
        return verdict.Message;
    }

    /// <summary>Opens the cached bare clone, or creates an empty one; true when created.</summary>
    private bool OpenOrCreate(CancellationToken cancellationToken)
    {
        if (Directory.Exists(CacheDirectory) && Repository.IsValid(CacheDirectory))
        {
            try
            {
                _repository = new Repository(CacheDirectory);
                ConfigureRemote(_repository);
                return false;
            }
            catch (LibGit2SharpException)
            {
                DropCache();
            }
        }
        else if (Directory.Exists(CacheDirectory))
        {
            DropCache();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(CacheDirectory)!);
        if (IsHttp && _options.Shallow && _options.Ref.Kind != GitRefKind.Commit)
        {
            // LibGit2Sharp 0.32 honours FetchOptions.Depth only when cloning (Commands.Fetch ignores it),
            // so the first copy is a depth-1 clone of the branch tips; later fetches bring only new commits.
            // Only over HTTP(S): a shallow clone over git:// breaks off ("broken pipe") against git daemon,
            // file:// refuses it, and ssh needs the per-repo ssh command set before the first connection.
            Repository.Clone(_options.Url, CacheDirectory, new CloneOptions(FetchOptions(1, prune: false, cancellationToken)) { IsBare = true, Checkout = false });
            Fetches++;
        }
        else
        {
            Repository.Init(CacheDirectory, isBare: true);
        }

        _repository = new Repository(CacheDirectory);
        ConfigureRemote(_repository);
        Clones++;
        return true;
    }

    private void ConfigureRemote(Repository repository)
    {
        if (repository.Network.Remotes[RemoteName] is { } existing && existing.Url == _options.Url)
        {
            // Already set up; only the ssh command may differ (new key or known_hosts path).
        }
        else
        {
            if (repository.Network.Remotes[RemoteName] is not null)
            {
                repository.Network.Remotes.Remove(RemoteName);
            }

            // No fetch refspec: each fetch names exactly the ref it needs.
            repository.Network.Remotes.Add(RemoteName, _options.Url, "+refs/heads/*:refs/remotes/origin/*");
        }

        if (_ssh is not null)
        {
            // A path with a space would be split by libgit2; the cache path is ours, so keep it plain.
            repository.Config.Set("core.sshCommand", _ssh.WriteScript(CacheDirectory));
        }
    }

    private void DropCache()
    {
        _subtrees.Clear();
        _repository?.Dispose();
        _repository = null;
        if (Directory.Exists(CacheDirectory))
        {
            // Pack files are read-only; clear the flag so the delete succeeds.
            foreach (var file in Directory.EnumerateFiles(CacheDirectory, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(file, FileAttributes.Normal);
            }

            Directory.Delete(CacheDirectory, recursive: true);
        }
    }

    /// <summary>What the remote says the ref is now. CommitId is null for a pinned commit not yet fetched.</summary>
    private RemoteHead ResolveRemote(Repository repository, CancellationToken cancellationToken)
    {
        var wanted = _options.Ref;
        if (wanted.Kind == GitRefKind.Commit)
        {
            // A commit never moves: no need to ask the remote unless we do not have it yet.
            return new RemoteHead(wanted.Value, wanted.Value, "+refs/heads/*:refs/remotes/origin/*", FullHistory: true);
        }

        var references = ListRemote(repository);
        cancellationToken.ThrowIfCancellationRequested();
        switch (wanted.Kind)
        {
            case GitRefKind.Branch:
                {
                    var name = "refs/heads/" + wanted.Value;
                    var head = references.GetValueOrDefault(name)
                        ?? throw new SourceException(SourceFailure.RefNotFound, $"branch '{wanted.Value}' does not exist on the remote");
                    return new RemoteHead(wanted.Value, head, $"+{name}:refs/remotes/{RemoteName}/{wanted.Value}", FullHistory: false);
                }

            case GitRefKind.Tag:
                return Tag(references, wanted.Value)
                    ?? throw new SourceException(SourceFailure.RefNotFound, $"tag '{wanted.Value}' does not exist on the remote");
            default:
                {
                    var tags = references.Keys
                        .Where(k => k.StartsWith("refs/tags/", StringComparison.Ordinal) && !k.EndsWith("^{}", StringComparison.Ordinal))
                        .Select(k => k["refs/tags/".Length..]);
                    var chosen = SemverTagSelector.Select(tags, wanted.Value)
                        ?? throw new SourceException(SourceFailure.RefNotFound, $"no tag on the remote matches the semver range '{wanted.Value}'");
                    return Tag(references, chosen)!;
                }
        }
    }

    /// <summary>
    /// libgit2's ls-remote takes no certificate callback, so with a custom CA bundle the ref is
    /// resolved by fetching it (an up-to-date fetch transfers no pack) and reading the local copy.
    /// </summary>
    private bool ResolvesByFetch =>
        _options.Auth.CaBundleFile is not null && _options.Url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private RemoteHead ResolveByFetch(Repository repository, CancellationToken cancellationToken)
    {
        var wanted = _options.Ref;
        RemoteHead head;
        switch (wanted.Kind)
        {
            case GitRefKind.Commit:
                return ResolveRemote(repository, cancellationToken);
            case GitRefKind.Branch:
                head = new RemoteHead(wanted.Value, null, $"+refs/heads/{wanted.Value}:refs/remotes/{RemoteName}/{wanted.Value}", FullHistory: false);
                break;
            case GitRefKind.Tag:
                head = new RemoteHead(wanted.Value, null, $"+refs/tags/{wanted.Value}:refs/tags/{wanted.Value}", FullHistory: false);
                break;
            default:
                {
                    Fetch(repository, new RemoteHead(wanted.Value, null, "+refs/tags/*:refs/tags/*", FullHistory: false), cancellationToken, prune: true);
                    var chosen = SemverTagSelector.Select(repository.Tags.Select(t => t.FriendlyName), wanted.Value)
                        ?? throw new SourceException(SourceFailure.RefNotFound, $"no tag on the remote matches the semver range '{wanted.Value}'");
                    return new RemoteHead(chosen, repository.Tags[chosen].PeeledTarget.Peel<Commit>().Sha, $"+refs/tags/{chosen}:refs/tags/{chosen}", FullHistory: false);
                }
        }

        try
        {
            Fetch(repository, head, cancellationToken);
        }
        catch (LibGit2SharpException ex) when (ex.Message.Contains("couldn't find remote ref", StringComparison.OrdinalIgnoreCase))
        {
            throw new SourceException(SourceFailure.RefNotFound, $"{wanted} does not exist on the remote");
        }

        var commit = LocalCommit(repository, head)
            ?? throw new SourceException(SourceFailure.RefNotFound, $"{wanted} does not exist on the remote");
        return head with { CommitId = commit.Sha };
    }

    private static RemoteHead? Tag(Dictionary<string, string> references, string tag)
    {
        var name = "refs/tags/" + tag;
        if (!references.TryGetValue(name, out var target))
        {
            return null;
        }

        // An annotated tag is listed twice; the peeled entry ("^{}") is the commit.
        var commit = references.GetValueOrDefault(name + "^{}") ?? target;
        return new RemoteHead(tag, commit, $"+{name}:{name}", FullHistory: false);
    }

    private Dictionary<string, string> ListRemote(Repository repository)
    {
        var remote = repository.Network.Remotes[RemoteName];
        var refs = CredentialsHandler() is { } credentials
            ? repository.Network.ListReferences(remote, credentials)
            : repository.Network.ListReferences(remote);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var reference in refs)
        {
            if (reference is DirectReference direct)
            {
                map[direct.CanonicalName] = direct.TargetIdentifier;
            }
        }

        return map;
    }

    private void Fetch(Repository repository, RemoteHead head, CancellationToken cancellationToken, bool prune = false)
    {
        var depth = _options.Shallow && !head.FullHistory ? 1 : 0;
        Commands.Fetch(repository, RemoteName, [head.RefSpec], FetchOptions(depth, prune, cancellationToken), logMessage: null);
        cancellationToken.ThrowIfCancellationRequested();
        Fetches++;
    }

    // Cancellation reaches libgit2 only through its progress callbacks: returning false aborts the transfer.
    private FetchOptions FetchOptions(int depth, bool prune, CancellationToken cancellationToken) => new()
    {
        TagFetchMode = TagFetchMode.None,
        Prune = prune,
        Depth = depth,
        OnTransferProgress = _ => !cancellationToken.IsCancellationRequested,
        OnProgress = _ => !cancellationToken.IsCancellationRequested,
        CredentialsProvider = CredentialsHandler(),
        CertificateCheck = CertificateCheck(),
    };

    private Commit? LocalCommit(Repository repository, RemoteHead head)
    {
        if (_options.Ref.Kind == GitRefKind.Commit)
        {
            return repository.Lookup<Commit>(head.CommitId!)
                ?? throw new SourceException(SourceFailure.RefNotFound, $"commit {head.CommitId} is not on any branch of the remote");
        }

        // The remote may have moved between ls-remote and fetch: trust what was fetched.
        var local = head.RefSpec[(head.RefSpec.IndexOf(':', StringComparison.Ordinal) + 1)..];
        return repository.Refs[local]?.ResolveToDirectReference()?.Target?.Peel<Commit>();
    }

    /// <summary>
    /// Answers libgit2's credential requests for the configured remote only. libgit2 follows a redirect and
    /// then asks with the URL it was sent to; credentials are bound to the scheme, host and port they were
    /// configured for (as git's own credential helpers are), so a remote that hands us on to another host,
    /// or from https to http, gets none: the poll fails as an authentication failure naming that host.
    /// </summary>
    private LibGit2Sharp.Handlers.CredentialsHandler? CredentialsHandler()
    {
        if (!_options.Auth.HasHttpCredentials)
        {
            return null;
        }

        var attempts = 0;
        return (url, _, _) =>
        {
            if (!SameOrigin(_options.Url, url))
            {
                throw new SourceException(SourceFailure.AuthenticationFailed,
                    $"the remote redirected to {Origin(url)}, not the host the credentials are for ({Origin(_options.Url)}); they were not sent");
            }

            // libgit2 asks again after a 401; a second ask means the first answer was refused.
            if (++attempts > 1)
            {
                throw new SourceException(SourceFailure.AuthenticationFailed, "authentication failed: the remote refused the configured credentials");
            }

            var (user, password) = SecretReader.HttpCredentials(_options.Auth)!.Value;
            return new UsernamePasswordCredentials { Username = user, Password = password };
        };
    }

    /// <summary>Same scheme, host and port; a URL that does not parse is no match.</summary>
    internal static bool SameOrigin(string configured, string? asked) =>
        Uri.TryCreate(configured, UriKind.Absolute, out var a) && Uri.TryCreate(asked, UriKind.Absolute, out var b)
        && string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    /// <summary>scheme://host:port of a URL for messages, never its user-info or path.</summary>
    private static string Origin(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}" : "an unparsable URL";

    private LibGit2Sharp.Handlers.CertificateCheckHandler? CertificateCheck() =>
        _options.Auth.CaBundleFile is { } bundle ? (certificate, valid, host) => valid || CaBundle.Trusts(bundle, certificate, host) : null;

    private bool IsHttp =>
        _options.Url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || _options.Url.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    private static bool HasPasswordInUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Contains(':', StringComparison.Ordinal);

    private static string CacheKey(string url)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(url));
        return Convert.ToHexStringLower(hash)[..16];
    }

    private sealed record RemoteHead(string RefName, string? CommitId, string RefSpec, bool FullHistory);
}
