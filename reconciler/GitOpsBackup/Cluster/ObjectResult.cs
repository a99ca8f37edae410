using GitOpsBackup.Planning;

namespace GitOpsBackup.Cluster;

/// <summary>One object's outcome; <see cref="Message"/> is the reason (from the plan) or the error.</summary>
internal sealed record ObjectResult(Change Change, ObjectOutcome Outcome, string Message);
