using System.Text.RegularExpressions;

namespace GitOpsBackup.Specs.Checks;

/// <summary>Kubernetes name rules (DNS-1123), with a reason when a name breaks them.</summary>
internal static partial class Names
{
    public static string? LabelError(string name)
    {
        if (name.Length == 0 || name.Length > 63)
        {
            return $"'{name}' must be 1 to 63 characters long (it has {name.Length})";
        }

        return Label().IsMatch(name) ? null : $"'{name}' must consist of lowercase letters, digits and '-', and start and end with a letter or digit";
    }

    public static string? SubdomainError(string name)
    {
        if (name.Length == 0 || name.Length > 253)
        {
            return $"'{name}' must be 1 to 253 characters long (it has {name.Length})";
        }

        return name.Split('.').All(Label().IsMatch) ? null
            : $"'{name}' must consist of lowercase letters, digits, '-' and '.', each dot-separated part starting and ending with a letter or digit";
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label();
}
