namespace GitOpsBackup.Cycle;

/// <summary>
/// One night's cycle: from its start until the next night's start; the clone runs by
/// <see cref="LatestStart"/> at the latest. The instants carry the clone zone's offset, so they print
/// as local clock times.
/// </summary>
/// <param name="Cycle">The local date the cycle starts on; names the clone Job (external-clone-yyyyMMdd).</param>
/// <param name="Start">When the cycle starts; backups scheduled before belong to the previous one.</param>
/// <param name="LatestStart">When the clone is created even if backups have not finished.</param>
public sealed record NightWindow(DateOnly Cycle, DateTimeOffset Start, DateTimeOffset LatestStart);
