namespace GitOpsBackup.Tests.Fixtures;

/// <summary>One OTLP log record as received: its body, its attributes and its resource's attributes (values as text).</summary>
public sealed record ReceivedLog(string Body, string Severity, IReadOnlyDictionary<string, string> Attributes, IReadOnlyDictionary<string, string> Resource);
