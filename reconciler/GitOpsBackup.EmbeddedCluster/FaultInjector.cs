namespace GitOpsBackup.EmbeddedCluster;

/// <summary>Test faults: failing status codes N times, latency, and cutting open watches.</summary>
public sealed class FaultInjector
{
    private readonly Lock gate = new();
    private readonly List<(FaultRule Rule, int Left)> rules = [];
    private readonly Func<int> dropWatches;
    private int applied;

    internal FaultInjector(Func<int> dropWatches) => this.dropWatches = dropWatches;

    /// <summary>Adds a rule; the first matching rule with uses left applies to a request.</summary>
    public void Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (gate)
        {
            rules.Add((rule, rule.Times ?? int.MaxValue));
        }
    }

    /// <summary>Fails the next <paramref name="times"/> requests matching verb/resource with a status code.</summary>
    public void Fail(int statusCode, string? verb = null, string? resource = null, string? name = null, int times = 1) =>
        Add(new FaultRule { StatusCode = statusCode, Verb = verb, Resource = resource, Name = name, Times = times });

    /// <summary>Delays every matching request until <see cref="Clear"/>.</summary>
    public void Delay(TimeSpan latency, string? verb = null, string? resource = null) =>
        Add(new FaultRule { Latency = latency, Verb = verb, Resource = resource, Times = null });

    /// <summary>Removes one rule (however many uses it has left); false when it was not there.</summary>
    public bool Remove(FaultRule rule)
    {
        lock (gate)
        {
            return rules.RemoveAll(r => ReferenceEquals(r.Rule, rule)) > 0;
        }
    }

    /// <summary>How many requests a rule has applied to so far (what a campaign reports as faults that hit).</summary>
    public int Applied => Volatile.Read(ref applied);

    /// <summary>Closes every open watch stream from the server side; returns how many were open.</summary>
    public int DropWatches() => dropWatches();

    public void Clear()
    {
        lock (gate)
        {
            rules.Clear();
        }
    }

    internal FaultRule? Take(string verb, string resource, string? ns, string? name)
    {
        lock (gate)
        {
            for (var i = 0; i < rules.Count; i++)
            {
                var (rule, left) = rules[i];
                if (left <= 0
                    || (rule.Verb is not null && rule.Verb != verb)
                    || (rule.Resource is not null && rule.Resource != resource)
                    || (rule.Namespace is not null && rule.Namespace != ns)
                    || (rule.Name is not null && rule.Name != name))
                {
                    continue;
                }

                rules[i] = (rule, left - 1);
                applied++;
                return rule;
            }

            return null;
        }
    }
}
