using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Resources;

namespace GitOpsBackup.EmbeddedCluster.Store;

/// <summary>One change as the store saw it; watchers turn it into ADDED/MODIFIED/DELETED for their filter.</summary>
internal sealed record WatchEvent(string Type, ResourceType Resource, JsonObject Object, JsonObject? Previous, long ResourceVersion);
