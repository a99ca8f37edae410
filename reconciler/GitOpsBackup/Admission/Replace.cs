namespace GitOpsBackup.Admission;

/// <summary>
/// Delete the older waiting Job of an app: <see cref="By"/>, the newest waiting Job of the same app,
/// takes its place (and gets the Event), so a slow night never piles up runs of one app.
/// </summary>
public sealed record Replace(BackupJob Job, BackupJob By) : AdmissionAction(Job, $"replaced by the newer {By.Key} of the same app");
