using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GitOpsBackup.Specs.Yaml;

/// <summary>
/// Reads a multi-document YAML text into <see cref="YamlNode"/> trees from the parser's events,
/// with an explicit stack (no recursion), bounds on depth, nodes and characters that charge each alias
/// where it expands (it shares its anchor's node, but validation copies it), and refusal of duplicate keys. Never throws for bad input: the first problem becomes the error.
/// </summary>
internal static partial class YamlReader
{
    public static YamlReadResult Read(string text, YamlLimits? limits = null)
    {
        limits ??= YamlLimits.Default;
        var documents = new List<YamlDocument>();
        var tab = YamlText.FindIndentationTab(text);
        if (tab is not null)
        {
            return new YamlReadResult(documents, tab);
        }

        var parser = new Parser(new StringReader(text));
        try
        {
            return new YamlReadResult(documents, ReadEvents(parser, limits, documents));
        }
        catch (YamlException ex)
        {
            return new YamlReadResult(documents, new YamlReadError(
                (int)Math.Max(1, ex.Start.Line), (int)Math.Max(1, ex.Start.Column), "yaml", CleanMessage(ex.Message), "fix the YAML syntax at this place"));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException)
        {
            // YamlDotNet's scanner throws these on some malformed input; report where parsing got to, not a stack trace.
            var at = parser.Current?.End;
            return new YamlReadResult(documents, new YamlReadError(
                (int)Math.Max(1, at?.Line ?? 1), (int)Math.Max(1, at?.Column ?? 1), "yaml", "the YAML is malformed after this place", "fix the YAML syntax here, e.g. an unclosed [ or {"));
        }
    }

    private static YamlReadError? ReadEvents(Parser parser, YamlLimits limits, List<YamlDocument> documents)
    {
        var stack = new Stack<Frame>();
        var anchors = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        long nodes = 0;
        long expanded = 0;
        YamlNode? root = null;
        int docLine = 1, docColumn = 1;

        while (parser.MoveNext())
        {
            var current = parser.Current!;
            var line = (int)current.Start.Line;
            var column = (int)current.Start.Column;
            YamlNode? completed = null;
            string? anchor = null;

            switch (current)
            {
                case DocumentStart:
                    root = null;
                    anchors.Clear();
                    docLine = line;
                    docColumn = column;
                    continue;
                case DocumentEnd:
                    documents.Add(new YamlDocument(root, docLine, docColumn));
                    continue;
                case Scalar scalar:
                    completed = new YamlScalar(scalar.Value, scalar.Style == ScalarStyle.Plain, TagOf(scalar), line, column);
                    anchor = AnchorOf(scalar);
                    break;
                case AnchorAlias alias:
                    if (!anchors.TryGetValue(alias.Value.Value, out completed))
                    {
                        return new YamlReadError(line, column, "yaml", $"alias '*{alias.Value.Value}' names no anchor defined before it",
                            "define the anchor (&name) earlier in the same document (anchors do not carry across '---', and an anchor cannot contain itself), or write the value out");
                    }

                    // The alias brings in its anchor's levels here, uncounted by the parser: it must fit below the open ones.
                    if (stack.Count + completed.Height > limits.MaxDepth)
                    {
                        return TooDeep(line, column, limits);
                    }

                    break;
                case MappingStart or SequenceStart:
                    if (stack.Count >= limits.MaxDepth)
                    {
                        return TooDeep(line, column, limits);
                    }

                    var pointer = ChildPointerLength(stack);
                    YamlNode collection = current is MappingStart ? new YamlMapping(line, column) : new YamlSequence(line, column);
                    stack.Push(new Frame(collection, AnchorOf((NodeEvent)current), pointer));
                    nodes++;
                    expanded += pointer;
                    if (nodes > limits.MaxNodes || expanded > limits.MaxExpandedChars)
                    {
                        return TooLarge(line, column, limits, nodes > limits.MaxNodes);
                    }

                    continue;
                case MappingEnd or SequenceEnd:
                    var frame = stack.Pop();
                    completed = frame.Node;
                    anchor = frame.Anchor;
                    break;
                default:
                    continue;
            }

            if (current is not MappingEnd and not SequenceEnd)
            {
                // A scalar, or an alias copied in full: every node, character and pointer of it, placed here.
                nodes += completed.Weight;
                expanded += completed.TextLength + completed.PointerLength + (ChildPointerLength(stack) * completed.Weight);
            }

            if (nodes > limits.MaxNodes || expanded > limits.MaxExpandedChars)
            {
                return TooLarge(line, column, limits, nodes > limits.MaxNodes);
            }

            if (anchor is not null)
            {
                anchors[anchor] = completed;
            }

            if (stack.Count == 0)
            {
                root = completed;
                continue;
            }

            var top = stack.Peek();
            var error = top.Attach(completed);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    /// <summary>Length of the JSON pointer the next child of the innermost open collection gets.</summary>
    private static long ChildPointerLength(Stack<Frame> stack) => stack.TryPeek(out var top) ? top.ChildPointerLength : 0;

    private static YamlReadError TooLarge(int line, int column, YamlLimits limits, bool byNodes) => byNodes
        ? new(line, column, "yaml-limit",
            $"the file expands to more than {limits.MaxNodes} YAML nodes (alias expansion counted)",
            "aliases that expand to huge documents (a \"billion laughs\") are refused; write the values out")
        : new(line, column, "yaml-limit",
            $"the file expands to more than {limits.MaxExpandedChars} characters of keys and values (alias expansion counted)",
            "long values repeated through aliases, or many values under very long keys, are refused; write the values out");

    private static YamlReadError TooDeep(int line, int column, YamlLimits limits) =>
        new(line, column, "yaml-limit", $"nesting deeper than {limits.MaxDepth} levels", "a backup spec needs only a few levels; flatten the document");

    private static string? AnchorOf(NodeEvent e) => e.Anchor.IsEmpty ? null : e.Anchor.Value;

    private static string? TagOf(NodeEvent e) => e.Tag.IsEmpty ? null : e.Tag.Value;

    // YamlDotNet prefixes messages with "(Line: 1, Col: 2, Idx: 3) - (Line: …): "; we print our own position.
    private static string CleanMessage(string message) => MarkPrefix().Replace(message, "").Trim();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();

    private sealed class Frame(YamlNode node, string? anchor, long pointerLength)
    {
        private HashSet<string>? _keys;
        private YamlScalar? _pendingKey;

        public YamlNode Node { get; } = node;

        public string? Anchor { get; } = anchor;

        /// <summary>This collection's pointer, "/"-joined segments, plus one segment for its next child (a key, or an index).</summary>
        public long ChildPointerLength => pointerLength + 1 + Node switch
        {
            YamlSequence sequence => sequence.Items.Count.ToString(CultureInfo.InvariantCulture).Length,
            _ => _pendingKey?.Value.Length ?? 0,
        };

        public YamlReadError? Attach(YamlNode child)
        {
            if (Node is YamlSequence sequence)
            {
                sequence.Add(child);
                return null;
            }

            var mapping = (YamlMapping)Node;
            if (_pendingKey is null)
            {
                if (child is not YamlScalar key)
                {
                    return new YamlReadError(child.Line, child.Column, "yaml", "a mapping key must be a plain value, not a list or mapping",
                        "write the key as a plain name (drop the '?' or the [ ] / { } around it)");
                }

                _keys ??= new HashSet<string>(StringComparer.Ordinal);
                if (!_keys.Add(key.Value))
                {
                    return new YamlReadError(key.Line, key.Column, "duplicate-key", $"duplicate key '{key.Value}'",
                        "YAML tools disagree on which value wins; keep one");
                }

                _pendingKey = key;
                return null;
            }

            mapping.Add(_pendingKey, child);
            _pendingKey = null;
            return null;
        }
    }
}
