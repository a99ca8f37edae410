namespace GitOpsBackup.Cli.Formatting;

/// <summary>How findings are printed: for people, for programs, or as GitHub workflow annotations.</summary>
internal enum DiagnosticFormat
{
    Text,
    Json,
    Github,
}
