namespace GitOpsBackup.Specs.Yaml;

/// <summary>
/// A node of our own small YAML tree, with its position. Built from YamlDotNet's low-level parser
/// events so that limits, duplicate keys and scalar styles stay under our control.
/// </summary>
internal abstract class YamlNode(int line, int column)
{
    public int Line { get; } = line;

    public int Column { get; } = column;

    /// <summary>Nodes in this subtree, counting every alias expansion: what a full copy would cost.</summary>
    public long Weight { get; protected set; } = 1;
}
