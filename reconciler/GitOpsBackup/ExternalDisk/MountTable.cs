using System.Globalization;
using System.Text;

namespace GitOpsBackup.ExternalDisk;

/// <summary>One line of /proc/self/mountinfo: where a filesystem is mounted, its device number, type and source.</summary>
public sealed record MountEntry(string MountPoint, string Device, string FsType, string Source);

/// <summary>The mounts of this process's mount namespace, parsed from /proc/self/mountinfo (proc(5)). Pure.</summary>
public sealed class MountTable(IReadOnlyList<MountEntry> entries)
{
    public const string ProcPath = "/proc/self/mountinfo";

    public IReadOnlyList<MountEntry> Entries { get; } = entries;

    /// <summary>What is mounted on <paramref name="path"/> (the last mount wins: it hides earlier ones), or null.</summary>
    public MountEntry? At(string path) => Entries.LastOrDefault(e => e.MountPoint == path);

    /// <summary>The root filesystem of this namespace.</summary>
    public MountEntry? Root => At("/");

    public static MountTable Parse(string text)
    {
        var entries = new List<MountEntry>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // id parent major:minor root mountpoint options [optional fields…] - fstype source superoptions
            var fields = line.Split(' ');
            var dash = Array.IndexOf(fields, "-", 6);
            if (fields.Length < 7 || dash < 0 || dash + 2 >= fields.Length)
            {
                continue;
            }

            entries.Add(new MountEntry(Unescape(fields[4]), fields[2], fields[dash + 1], Unescape(fields[dash + 2])));
        }

        return new MountTable(entries);
    }

    // The kernel writes space, tab, newline and backslash in paths as \ooo (octal).
    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var text = new StringBuilder();
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && IsOctal(field.AsSpan(i + 1, 3)))
            {
                text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }

        return text.ToString();
    }

    private static bool IsOctal(ReadOnlySpan<char> digits) =>
        digits.Length == 3 && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out _) && !digits.ContainsAny('8', '9');
}
