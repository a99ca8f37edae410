namespace GitOpsBackup.Rendering;

/// <summary>The pod scripts, embedded in the assembly (Rendering/Scripts/*.sh) so they are reviewed as shell, not as C# strings.</summary>
internal static class ScriptResources
{
    public static string Backup { get; } = Load("backup.sh");

    /// <summary>The pings around backup.sh: backup.sh runs unchanged as the subshell function run_backup.</summary>
    public static string BackupWithPings { get; } = "run_backup() (\n" + Backup.TrimEnd('\n') + "\n)\n\n" + Load("notify.sh");

    public static string Clone { get; } = Load("clone.sh");

    public static string Restore { get; } = Load("restore.sh");

    public static string Verify { get; } = Load("verify.sh");

    public static string Snapshots { get; } = Load("snapshots.sh");

    private static string Load(string name)
    {
        using var stream = typeof(ScriptResources).Assembly.GetManifestResourceStream("scripts/" + name)
            ?? throw new InvalidOperationException($"embedded script {name} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }
}
