using System.CommandLine;
using GitOpsBackup.Leadership;

namespace GitOpsBackup.Cli.Commands;

/// <summary>run's <c>--leader-elect</c> and the Lease's name, place, identity and timing (client-go's defaults).</summary>
internal sealed class LeaderElectionFlags
{
    private const string ServiceAccountNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

    private readonly Option<bool> _enabled = new("--leader-elect") { Description = "Hold a coordination.k8s.io Lease; only the holder reconciles (run two replicas for fail-over)" };
    private readonly Option<string?> _identity = new("--identity") { HelpName = "NAME", Description = "This replica's name in the Lease (default: $HOSTNAME and a random suffix)" };
    private readonly Option<string> _name = new("--lease-name") { HelpName = "NAME", Description = "Lease name", DefaultValueFactory = _ => "gitops-backup" };
    private readonly Option<string?> _namespace = new("--lease-namespace") { HelpName = "NS", Description = "Lease namespace (default: $POD_NAMESPACE, the service account's namespace, else default)" };
    private readonly Option<TimeSpan> _duration = new("--lease-duration") { Description = "How long a standby waits after the leader's last renewal before taking over", DefaultValueFactory = _ => TimeSpan.FromSeconds(15), CustomParser = Durations.Parse };
    private readonly Option<TimeSpan> _deadline = new("--renew-deadline") { Description = "How long the leader tries to renew before it gives up (and exits 2)", DefaultValueFactory = _ => TimeSpan.FromSeconds(10), CustomParser = Durations.Parse };
    private readonly Option<TimeSpan> _retry = new("--retry-period") { Description = "How often each replica tries the Lease", DefaultValueFactory = _ => TimeSpan.FromSeconds(2), CustomParser = Durations.Parse };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _enabled, _identity, _name, _namespace, _duration, _deadline, _retry })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>This replica's identity: --identity, else the pod name and a random suffix (also in the User-Agent without --leader-elect).</summary>
    public string Identity(ParseResult parsed) => parsed.GetValue(_identity) is { Length: > 0 } given ? given : ReplicaIdentity.Default(Environment.GetEnvironmentVariable("HOSTNAME"));

    /// <summary>The election's options, or null without --leader-elect.</summary>
    public LeaderElectionOptions? Read(ParseResult parsed, string identity) => parsed.GetValue(_enabled)
        ? new LeaderElectionOptions
        {
            Identity = identity,
            LeaseName = parsed.GetValue(_name)!,
            LeaseNamespace = parsed.GetValue(_namespace) ?? DefaultNamespace(),
            LeaseDuration = parsed.GetValue(_duration),
            RenewDeadline = parsed.GetValue(_deadline),
            RetryPeriod = parsed.GetValue(_retry),
        }
        : null;

    private static string DefaultNamespace() =>
        Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 } fromEnv ? fromEnv
        : File.Exists(ServiceAccountNamespaceFile) ? File.ReadAllText(ServiceAccountNamespaceFile).Trim()
        : "default";
}
