namespace GitOpsBackup.Source;

/// <summary>
/// Where credentials come from. Only file paths and variable names live here (never the secret
/// itself), so printing this record leaks nothing; <see cref="SecretReader"/> reads the values when
/// a transport asks for them.
/// </summary>
public sealed record GitAuth
{
    /// <summary>HTTPS user name (default "git" when only a token is given).</summary>
    public string? Username { get; init; }

    /// <summary>A file holding the HTTPS password (a mounted Secret key).</summary>
    public string? PasswordFile { get; init; }

    /// <summary>An environment variable holding the HTTPS password.</summary>
    public string? PasswordEnv { get; init; }

    /// <summary>A file holding an HTTPS token, sent as the Basic-auth password.</summary>
    public string? TokenFile { get; init; }

    /// <summary>An environment variable holding an HTTPS token.</summary>
    public string? TokenEnv { get; init; }

    /// <summary>PEM bundle of extra CA certificates trusted for HTTPS (besides the system store).</summary>
    public string? CaBundleFile { get; init; }

    /// <summary>SSH private key file (no passphrase: there is nobody to ask).</summary>
    public string? SshIdentityFile { get; init; }

    /// <summary>SSH known_hosts file; host keys are checked strictly against it.</summary>
    public string? SshKnownHostsFile { get; init; }

    public static GitAuth None { get; } = new();

    public bool HasHttpCredentials => PasswordFile is not null || PasswordEnv is not null || TokenFile is not null || TokenEnv is not null;
}
