using System.Text.Json.Nodes;
using System.Threading.Channels;
using GitOpsBackup.EmbeddedCluster.Resources;
using GitOpsBackup.EmbeddedCluster.Semantics;

namespace GitOpsBackup.EmbeddedCluster.Store;

/// <summary>An open watch: the events that pass its filter, in order, ready to be streamed.</summary>
internal sealed class Watcher
{
    private readonly Channel<(string Type, JsonObject Object)> channel = Channel.CreateUnbounded<(string, JsonObject)>(new UnboundedChannelOptions { SingleReader = true });

    public Watcher(ResourceType resource, string? ns, LabelSelector labels, FieldSelector fields)
    {
        Resource = resource;
        Namespace = ns;
        Labels = labels;
        Fields = fields;
    }

    public ResourceType Resource { get; }

    public string? Namespace { get; }

    public LabelSelector Labels { get; }

    public FieldSelector Fields { get; }

    /// <summary>Set when the watch was cut from the server side (fault injection, shutdown).</summary>
    public bool Dropped { get; private set; }

    public ChannelReader<(string Type, JsonObject Object)> Reader => channel.Reader;

    public bool Matches(JsonObject obj) =>
        (Namespace is null || obj["metadata"]?["namespace"]?.ToString() == Namespace)
        && Labels.Matches(obj["metadata"]?["labels"] as JsonObject)
        && Fields.Matches(obj);

    /// <summary>Delivers a store change, translated for this watcher's selectors (entering = ADDED, leaving = DELETED).</summary>
    public void Offer(WatchEvent change)
    {
        if (change.Resource != Resource)
        {
            return;
        }

        var now = Matches(change.Object);
        var before = change.Previous is not null && Matches(change.Previous);
        var type = change.Type switch
        {
            "ADDED" when now => "ADDED",
            "MODIFIED" when now && before => "MODIFIED",
            "MODIFIED" when now => "ADDED",
            "MODIFIED" when before => "DELETED",
            "DELETED" when now => "DELETED",
            _ => null,
        };
        if (type is not null)
        {
            channel.Writer.TryWrite((type, change.Object));
        }
    }

    public void Send(string type, JsonObject obj) => channel.Writer.TryWrite((type, obj));

    public void Drop()
    {
        Dropped = true;
        channel.Writer.TryComplete();
    }

    public void Close() => channel.Writer.TryComplete();
}
