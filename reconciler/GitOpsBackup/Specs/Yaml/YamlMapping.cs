namespace GitOpsBackup.Specs.Yaml;

/// <summary>A mapping with scalar keys, in document order. Duplicate keys are refused by the reader.</summary>
internal sealed class YamlMapping : YamlNode
{
    private readonly List<KeyValuePair<YamlScalar, YamlNode>> _entries = [];

    public YamlMapping(int line, int column)
        : base(line, column) => Height = 1;

    public IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> Entries => _entries;

    public void Add(YamlScalar key, YamlNode value)
    {
        _entries.Add(new(key, value));
        Weight += key.Weight;
        TextLength += key.TextLength;
        Grow(value, key.Value.Length);
    }

    public YamlNode? Get(string key)
    {
        foreach (var entry in _entries)
        {
            if (entry.Key.Value == key)
            {
                return entry.Value;
            }
        }

        return null;
    }

    /// <summary>The string value of a scalar child, or null when absent or not a scalar.</summary>
    public string? GetString(string key) => Get(key) is YamlScalar s ? s.Value : null;
}
