namespace GitOpsBackup.Cli;

/// <summary>The CLI contract: 0 ok, 1 findings (invalid specs, or changes with --detailed-exitcode), 2 usage or I/O error.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Findings = 1;
    public const int UsageOrIo = 2;
}
