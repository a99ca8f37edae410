namespace GitOpsBackup.Source;

/// <summary>A failure the source itself detected (a missing ref or path), already classified and free of secrets.</summary>
public sealed class SourceException : Exception
{
    public SourceException(SourceFailure reason, string message)
        : base(message) => Reason = reason;

    public SourceException()
    {
    }

    public SourceException(string message)
        : base(message)
    {
    }

    public SourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SourceFailure Reason { get; } = SourceFailure.Other;
}
