using System.Globalization;

namespace GitOpsBackup.Specs.Yaml;

/// <summary>A sequence, in document order.</summary>
internal sealed class YamlSequence : YamlNode
{
    private readonly List<YamlNode> _items = [];

    public YamlSequence(int line, int column)
        : base(line, column) => Height = 1;

    public IReadOnlyList<YamlNode> Items => _items;

    public void Add(YamlNode item)
    {
        Grow(item, _items.Count.ToString(CultureInfo.InvariantCulture).Length);
        _items.Add(item);
    }
}
