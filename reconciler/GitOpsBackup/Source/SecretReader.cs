namespace GitOpsBackup.Source;

/// <summary>Reads secret values at the moment a transport needs them (a rotated Secret is picked up).</summary>
internal static class SecretReader
{
    /// <summary>The HTTPS user and password/token, or null when none is configured.</summary>
    public static (string User, string Password)? HttpCredentials(GitAuth auth)
    {
        var password = Read(auth.TokenFile, auth.TokenEnv) ?? Read(auth.PasswordFile, auth.PasswordEnv);
        return password is null ? null : (auth.Username ?? "git", password);
    }

    private static string? Read(string? file, string? env)
    {
        if (file is not null)
        {
            // A mounted Secret ends its value with a newline more often than not.
            return File.ReadAllText(file).TrimEnd('\r', '\n');
        }

        return env is null ? null : Environment.GetEnvironmentVariable(env);
    }
}
