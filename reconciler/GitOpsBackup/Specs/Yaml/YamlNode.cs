namespace GitOpsBackup.Specs.Yaml;

/// <summary>
/// A node of our own small YAML tree, with its position. Built from YamlDotNet's low-level parser
/// events so that limits, duplicate keys and scalar styles stay under our control. The sizes below
/// describe the subtree as a full copy would be, so that an alias (which shares the node) is charged
/// at the place it expands.
/// </summary>
internal abstract class YamlNode(int line, int column)
{
    public int Line { get; } = line;

    public int Column { get; } = column;

    /// <summary>Nodes in this subtree, counting every alias expansion: what a full copy would cost.</summary>
    public long Weight { get; protected set; } = 1;

    /// <summary>Levels of mappings and sequences in this subtree (0 for a scalar): the depth an alias to it adds where it is used.</summary>
    public int Height { get; protected set; }

    /// <summary>Characters of every key and value in this subtree, counting every alias expansion.</summary>
    public long TextLength { get; protected set; }

    /// <summary>Characters of the JSON pointers of this subtree's nodes, relative to it, counting every alias expansion.</summary>
    public long PointerLength { get; protected set; }

    /// <summary>What attaching <paramref name="child"/> under a segment of <paramref name="segmentLength"/> characters adds to this node.</summary>
    protected void Grow(YamlNode child, long segmentLength)
    {
        Weight += child.Weight;
        Height = Math.Max(Height, 1 + child.Height);
        TextLength += child.TextLength;
        PointerLength += ((segmentLength + 1) * child.Weight) + child.PointerLength;
    }
}
