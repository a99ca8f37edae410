using System.Diagnostics;

namespace GitOpsBackup.Tests.Fixtures;

/// <summary>An ed25519 key made by the real ssh-keygen (no passphrase), for signing commits and payloads; <see cref="AllowedSignersLine"/> trusts it.</summary>
internal sealed record SigningKey(string PrivateKeyPath, string PublicKey, string Principal)
{
    public string AllowedSignersLine => $"{Principal} {PublicKey}";

    public static SigningKey Create(string directory, string principal)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "key-" + Guid.NewGuid().ToString("N")[..8]);
        Run("-q", "-t", "ed25519", "-N", "", "-C", principal, "-f", path);
        var publicKey = string.Join(' ', File.ReadAllText(path + ".pub").Trim().Split(' ').Take(2));
        return new SigningKey(path, publicKey, principal);
    }

    /// <summary>Signs <paramref name="file"/> as git does (<c>-n git</c> unless told otherwise); returns the armoured signature.</summary>
    public string Sign(string file, string signatureNamespace = "git")
    {
        Run("-Y", "sign", "-f", PrivateKeyPath, "-n", signatureNamespace, file);
        var signature = File.ReadAllText(file + ".sig");
        File.Delete(file + ".sig");
        return signature;
    }

    public static string Run(params string[] args)
    {
        var start = new ProcessStartInfo("ssh-keygen") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            throw new TimeoutException($"ssh-keygen {string.Join(' ', args)} did not finish");
        }

        return process.ExitCode == 0 ? stdout.Result : throw new InvalidOperationException($"ssh-keygen {string.Join(' ', args)} failed ({process.ExitCode}): {stderr.Result}");
    }
}
