namespace GitOpsBackup.ExternalDisk;

/// <summary>What <c>disk init</c> does with a path: write a marker, keep the one there, or refuse and say why.</summary>
public abstract record DiskInitDecision
{
    private DiskInitDecision()
    {
    }

    /// <summary>Write this marker onto the disk mounted as <paramref name="Mount"/>.</summary>
    public sealed record Write(DiskMarker Marker, MountEntry Mount) : DiskInitDecision;

    /// <summary>The disk already carries this marker: nothing is written (the marker is written once).</summary>
    public sealed record AlreadyMarked(DiskMarker Marker) : DiskInitDecision;

    /// <summary>Nothing is written, for this reason (a sentence with what to do).</summary>
    public sealed record Refuse(string Reason) : DiskInitDecision;
}
