namespace GitOpsBackup.Source;

/// <summary>
/// What checking a commit's signature found: <see cref="Ok"/> with the signer
/// ("alice@example.org with ED25519 key SHA256:…"), or the reason the commit is refused.
/// </summary>
public sealed record SignatureVerdict(bool Ok, string Message)
{
    public static SignatureVerdict Good(string signer) => new(true, signer);

    public static SignatureVerdict Refused(string reason) => new(false, reason);
}
