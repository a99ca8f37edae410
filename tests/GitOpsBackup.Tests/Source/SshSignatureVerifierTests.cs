using GitOpsBackup.Source;
using GitOpsBackup.Tests.Fixtures;

namespace GitOpsBackup.Tests.Source;

/// <summary>The signature check on its own, with the real ssh-keygen: payloads signed as git signs commits (namespace "git").</summary>
public sealed class SshSignatureVerifierTests : IDisposable
{
    private static readonly DateTimeOffset SignedAt = new(2026, 11, 28, 2, 0, 0, TimeSpan.Zero);
    private readonly string _dir = GitPorts.NewTempDirectory("gob-sigverify");
    private readonly SigningKey _alice;
    private readonly SigningKey _mallory;
    private readonly string _payloadFile;
    private readonly string _allowed;

    public SshSignatureVerifierTests()
    {
        _alice = SigningKey.Create(_dir, "alice@example.org");
        _mallory = SigningKey.Create(_dir, "mallory@example.org");
        _allowed = Path.Combine(_dir, "allowed_signers");
        File.WriteAllText(_allowed, $"# who may sign the config repo\n{_alice.AllowedSignersLine}\n");
        _payloadFile = Path.Combine(_dir, "payload");
        File.WriteAllText(_payloadFile, Payload);
    }

    private const string Payload = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor test <t@example.invalid> 1764295200 +0000\ncommitter test <t@example.invalid> 1764295200 +0000\n\nchange\n";

    public void Dispose() => GitPorts.DeleteDirectory(_dir);

    private SshSignatureVerifier Verifier(string? sshKeygen = null, TimeSpan? timeout = null) =>
        new(_allowed, timeout ?? TimeSpan.FromSeconds(10), sshKeygen ?? "ssh-keygen");

    private SignatureVerdict Verify(string? signature, string payload = Payload, SshSignatureVerifier? verifier = null) =>
        (verifier ?? Verifier()).Verify("0123456789abcdef0123456789abcdef01234567", signature, payload, SignedAt, Path.Combine(_dir, "work"));

    [Fact]
    public void GoodSignature_ByAnAllowedKey_NamesTheSigner()
    {
        var verdict = Verify(_alice.Sign(_payloadFile));

        Assert.True(verdict.Ok, verdict.Message);
        Assert.StartsWith("alice@example.org with ED25519 key SHA256:", verdict.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_dir, "work")));
    }

    [Fact]
    public void NoSignature_IsRefused_AsNotSigned() =>
        Assert.Equal(SignatureVerdict.Refused($"commit 0123456 is not signed; --verify-signatures accepts only commits signed with a key in {_allowed}"), Verify(null));

    [Fact]
    public void KeyNotInAllowedSigners_IsRefused_AsUnknownKey()
    {
        var verdict = Verify(_mallory.Sign(_payloadFile));

        Assert.False(verdict.Ok);
        Assert.StartsWith($"commit 0123456 is signed by an unknown key: no principal in {_allowed} has it", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChangedPayload_IsRefused_AsABadSignature()
    {
        var verdict = Verify(_alice.Sign(_payloadFile), Payload.Replace("change", "evil change", StringComparison.Ordinal));

        Assert.False(verdict.Ok);
        Assert.StartsWith("commit 0123456 has a bad signature for alice@example.org: it does not verify over the commit", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SignatureForAnotherNamespace_IsRefused_AsABadSignature()
    {
        // A signature made for files ("-n file") must not pass as a commit signature.
        var verdict = Verify(_alice.Sign(_payloadFile, "file"));

        Assert.False(verdict.Ok);
        Assert.Contains("has a bad signature for alice@example.org", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyExpiredBeforeTheCommit_IsRefused()
    {
        File.WriteAllText(_allowed, $"alice@example.org valid-before=\"20260101\" {_alice.PublicKey}\n");

        var verdict = Verify(_alice.Sign(_payloadFile));

        Assert.False(verdict.Ok);
        Assert.Contains("signed by an unknown key", verdict.Message, StringComparison.Ordinal);
        Assert.Contains("key has expired", verdict.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-----BEGIN PGP SIGNATURE-----\n\niQEzBAABCAAdFiEE\n-----END PGP SIGNATURE-----\n", "a GPG")]
    [InlineData("-----BEGIN SIGNED MESSAGE-----\nMIIG\n-----END SIGNED MESSAGE-----\n", "an X.509")]
    public void OtherSignatureFormats_AreRefused_AsUnsupported(string signature, string kind) =>
        Assert.Equal(
            SignatureVerdict.Refused($"commit 0123456 has {kind} signature: unsupported signature format, only SSH signatures are checked (sign with git -c gpg.format=ssh)"),
            Verify(signature));

    [Fact]
    public void SshKeygenThatHangs_IsStoppedAtTheTimeout()
    {
        var script = Path.Combine(_dir, "slow-ssh-keygen");
        File.WriteAllText(script, "#!/bin/sh\nexec sleep 60\n");
        UnixFiles.SetMode(script, 700);

        var ex = Assert.Throws<TimeoutException>(() => Verify(_alice.Sign(_payloadFile), verifier: Verifier(script, TimeSpan.FromMilliseconds(500))));

        Assert.Contains("find-principals did not finish within 0.5s", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingSshKeygen_IsAnError_NotAVerdict()
    {
        var ex = Assert.Throws<SourceException>(() => Verify(_alice.Sign(_payloadFile), verifier: Verifier(Path.Combine(_dir, "no-such-ssh-keygen"))));

        Assert.Equal(SourceFailure.Other, ex.Reason);
        Assert.Contains("install openssh-client", ex.Message, StringComparison.Ordinal);
    }
}
