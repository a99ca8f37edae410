using System.Net;
using System.Text.RegularExpressions;

namespace GitOpsBackup.Specs.Checks;

/// <summary>S3 bucket naming rules (the AWS general-purpose rules, which Ceph RGW, MinIO and Garage follow).</summary>
internal static partial class BucketNames
{
    public static string? Error(string name)
    {
        if (name.Length is < 3 or > 63)
        {
            return $"bucket name '{name}' must be 3 to 63 characters long (it has {name.Length})";
        }

        if (!Allowed().IsMatch(name))
        {
            return $"bucket name '{name}' may hold only lowercase letters, digits, '.' and '-', and must start and end with a letter or digit";
        }

        if (name.Contains("..", StringComparison.Ordinal))
        {
            return $"bucket name '{name}' must not contain two adjacent dots";
        }

        if (IPAddress.TryParse(name, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && name.Count(c => c == '.') == 3)
        {
            return $"bucket name '{name}' must not look like an IP address";
        }

        if (name.StartsWith("xn--", StringComparison.Ordinal) || name.StartsWith("sthree-", StringComparison.Ordinal))
        {
            return $"bucket name '{name}' must not start with 'xn--' or 'sthree-'";
        }

        if (name.EndsWith("-s3alias", StringComparison.Ordinal) || name.EndsWith("--ol-s3", StringComparison.Ordinal))
        {
            return $"bucket name '{name}' must not end with '-s3alias' or '--ol-s3'";
        }

        return null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]*[a-z0-9]$")]
    private static partial Regex Allowed();
}
