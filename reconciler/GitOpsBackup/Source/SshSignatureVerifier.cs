using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace GitOpsBackup.Source;

/// <summary>
/// Checks a commit's SSH signature the way <c>git verify-commit</c> does with <c>gpg.format=ssh</c>:
/// <c>ssh-keygen -Y find-principals</c> names who the key belongs to in the allowed_signers file, then
/// <c>ssh-keygen -Y verify -n git</c> checks the signature over the signed payload for that principal,
/// both at the commit's committer time (so <c>valid-after</c>/<c>valid-before</c> in the file apply, as
/// in git). Only SSH signatures: a GPG or X.509 one is refused as unsupported. Each ssh-keygen run is
/// bounded by a timeout; an ssh-keygen that cannot run or times out is an error (retried), not a verdict.
/// </summary>
public sealed class SshSignatureVerifier
{
    private const string SshArmor = "-----BEGIN SSH SIGNATURE-----";
    private readonly string _allowedSigners;
    private readonly TimeSpan _timeout;
    private readonly string _sshKeygen;

    /// <param name="allowedSignersFile">git's allowed_signers format: <c>principal[,principal] [options] keytype key</c> per line.</param>
    /// <param name="sshKeygen">The ssh-keygen to run (tests pass a stand-in).</param>
    public SshSignatureVerifier(string allowedSignersFile, TimeSpan timeout, string sshKeygen = "ssh-keygen")
    {
        _allowedSigners = Path.GetFullPath(allowedSignersFile);
        _timeout = timeout;
        _sshKeygen = sshKeygen;
    }

    /// <summary>The verdict on one commit. <paramref name="signature"/> is null for an unsigned commit; <paramref name="workDirectory"/> takes a short-lived file (it must be writable).</summary>
    public SignatureVerdict Verify(string commitId, string? signature, string? signedData, DateTimeOffset committedAt, string workDirectory)
    {
        var commit = commitId.Length > 7 ? commitId[..7] : commitId;
        if (string.IsNullOrWhiteSpace(signature) || signedData is null)
        {
            return SignatureVerdict.Refused($"commit {commit} is not signed; --verify-signatures accepts only commits signed with a key in {_allowedSigners}");
        }

        if (!signature.TrimStart().StartsWith(SshArmor, StringComparison.Ordinal))
        {
            var kind = signature.Contains("BEGIN PGP SIGNATURE", StringComparison.Ordinal) ? "a GPG" : signature.Contains("BEGIN SIGNED MESSAGE", StringComparison.Ordinal) ? "an X.509" : "an unknown";
            return SignatureVerdict.Refused($"commit {commit} has {kind} signature: unsupported signature format, only SSH signatures are checked (sign with git -c gpg.format=ssh)");
        }

        Directory.CreateDirectory(workDirectory);
        var signatureFile = Path.Combine(workDirectory, $"commit-{Guid.NewGuid():N}.sig");
        File.WriteAllText(signatureFile, signature);
        try
        {
            var at = "-Overify-time=" + committedAt.ToUniversalTime().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "Z";
            var found = Run(["-Y", "find-principals", "-s", signatureFile, "-f", _allowedSigners, at], null);
            var principals = found.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (found.ExitCode != 0 || principals.Length == 0)
            {
                return SignatureVerdict.Refused($"commit {commit} is signed by an unknown key: no principal in {_allowedSigners} has it (or it was not valid at {committedAt:u}){Detail(found.Stderr)}");
            }

            var failures = new List<string>();
            foreach (var principal in principals)
            {
                var verified = Run(["-Y", "verify", "-f", _allowedSigners, "-I", principal, "-n", "git", "-s", signatureFile, at], signedData);
                if (verified.ExitCode == 0)
                {
                    return SignatureVerdict.Good(Signer(verified.Stdout, principal));
                }

                failures.Add(verified.Stderr.Trim());
            }

            return SignatureVerdict.Refused($"commit {commit} has a bad signature for {string.Join(", ", principals)}: it does not verify over the commit (changed after signing, or not signed for git){Detail(string.Join("; ", failures))}");
        }
        finally
        {
            File.Delete(signatureFile);
        }
    }

    /// <summary>"Good "git" signature for alice with ED25519 key SHA256:x" → "alice with ED25519 key SHA256:x".</summary>
    private static string Signer(string stdout, string principal)
    {
        const string Marker = "signature for ";
        var line = stdout.Split('\n', StringSplitOptions.TrimEntries).FirstOrDefault(l => l.Contains(Marker, StringComparison.Ordinal));
        return line is null ? principal : line[(line.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length)..];
    }

    private static string Detail(string stderr) =>
        string.IsNullOrWhiteSpace(stderr) ? "" : $" (ssh-keygen: {string.Join(' ', stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))})";

    private (int ExitCode, string Stdout, string Stderr) Run(IReadOnlyList<string> args, string? stdin)
    {
        var start = new ProcessStartInfo(_sshKeygen)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new SourceException(SourceFailure.Other, $"{_sshKeygen} did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new SourceException(SourceFailure.Other, $"{_sshKeygen} could not be run ({ex.Message}): install openssh-client to verify signatures");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            try
            {
                // The payload is the commit as git hashes it: its exact bytes.
                process.StandardInput.Write(stdin is null ? "" : stdin);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // ssh-keygen exited before reading it (find-principals reads no input); its exit code says why.
            }

            if (!process.WaitForExit(_timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                throw new TimeoutException($"{_sshKeygen} {args[1]} did not finish within {_timeout.TotalSeconds:0.#}s");
            }

            process.WaitForExit();
            return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
        }
    }
}
