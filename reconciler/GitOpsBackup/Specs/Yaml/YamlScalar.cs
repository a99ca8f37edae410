namespace GitOpsBackup.Specs.Yaml;

/// <summary>A scalar and how it was written: a plain scalar is typed by its text, a quoted one is always a string.</summary>
internal sealed class YamlScalar : YamlNode
{
    public YamlScalar(string value, bool plain, string? tag, int line, int column)
        : base(line, column)
    {
        Value = value;
        Plain = plain;
        Tag = tag;
        TextLength = value.Length;
    }

    public string Value { get; }

    /// <summary>Written without quotes or block indicator (so YAML may read it as a bool, number or null).</summary>
    public bool Plain { get; }

    /// <summary>An explicit tag such as !!str, or null.</summary>
    public string? Tag { get; }
}
