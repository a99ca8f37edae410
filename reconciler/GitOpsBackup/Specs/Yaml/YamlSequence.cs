namespace GitOpsBackup.Specs.Yaml;

internal sealed class YamlSequence(int line, int column) : YamlNode(line, column)
{
    private readonly List<YamlNode> _items = [];

    public IReadOnlyList<YamlNode> Items => _items;

    public void Add(YamlNode item)
    {
        _items.Add(item);
        Weight += item.Weight;
    }
}
