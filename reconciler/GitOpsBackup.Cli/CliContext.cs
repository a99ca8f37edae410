namespace GitOpsBackup.Cli;

/// <summary>What a verb writes to. Tests pass StringWriters; Main passes the console.</summary>
internal sealed record CliContext(TextWriter Out, TextWriter Error, TimeProvider Time);
