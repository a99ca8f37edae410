namespace GitOpsBackup.Tests.Fixtures;

/// <summary>Unix permissions for test folders (the real-tool tests run on Linux only).</summary>
public static class UnixFiles
{
    /// <summary>Sets the mode given in octal digits, e.g. 755.</summary>
    public static void SetMode(string path, int octal)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(octal.ToString(System.Globalization.CultureInfo.InvariantCulture), 8));
        }
    }
}
