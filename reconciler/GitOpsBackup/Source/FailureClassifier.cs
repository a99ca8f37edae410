using System.Text.RegularExpressions;

namespace GitOpsBackup.Source;

/// <summary>
/// Maps what libgit2 (and the ssh client it runs) reports to a <see cref="SourceFailure"/>.
/// libgit2 gives few error codes for network trouble, so the message text decides; the first
/// matching row wins.
/// </summary>
internal static class FailureClassifier
{
    private static readonly (SourceFailure Reason, string[] Needles)[] Rules =
    [
        (SourceFailure.HostKeyRejected, ["host key verification failed", "host key", "hostkey"]),
        (SourceFailure.AuthenticationFailed, ["authentication", "401", "403", "credentials", "permission denied", "unauthorized"]),
        (SourceFailure.CertificateRejected, ["certificate", "x509", "ssl"]),
        (SourceFailure.Unreachable, ["failed to connect", "connection refused", "could not resolve", "failed to resolve", "connection reset", "connection closed", "early eof", "unexpected eof", "broken pipe", "could not read from remote", "no route", "network is unreachable", "failed to send request", "ssh: connect to host", "ssh exited", "remote hung up", "timed out", "status code: 5"]),
        (SourceFailure.Corrupt, ["corrupt", "packfile", "bad object", "object not found", "missing object", "odb", "index-pack", "failed to parse", "invalid object", "incomplete", "short read"]),
    ];

    public static SourceFailure Classify(Exception exception)
    {
        switch (exception)
        {
            case SourceException source:
                return source.Reason;
            case OperationCanceledException or TimeoutException:
                return SourceFailure.Timeout;
        }

        var text = exception.Message.ToLowerInvariant();
        foreach (var (reason, needles) in Rules)
        {
            if (needles.Any(n => Matches(text, n)))
            {
                return reason;
            }
        }

        return SourceFailure.Other;
    }

    // A status code is a whole word: "401" must not match inside a cache folder's hex name.
    private static bool Matches(string text, string needle) =>
        needle.All(char.IsAsciiDigit)
            ? Regex.IsMatch(text, $@"\b{needle}\b", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))
            : text.Contains(needle, StringComparison.Ordinal);
}
