using System.Runtime.CompilerServices;

namespace GitOpsBackup.Tests.Rendering;

/// <summary>
/// Compares text with a committed <c>Snapshots/&lt;name&gt;.verified.yaml</c> (or another extension)
/// beside the calling test, byte for byte. UPDATE_SNAPSHOTS=1 rewrites the file instead (review the diff before committing).
/// </summary>
internal static class Snapshot
{
    public static void Verify(string name, string actual, string extension = "yaml", [CallerFilePath] string callerFile = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots", $"{name}.verified.{extension}");
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"no snapshot {path}; run with UPDATE_SNAPSHOTS=1 to create it, then review it");
        var expected = File.ReadAllText(path);
        Assert.Equal(expected, actual);
    }
}
