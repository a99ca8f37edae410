namespace GitOpsBackup.Specs.Model;

/// <summary>
/// An app is identified by its resolved namespace and its spec's metadata.name. Ordered by namespace,
/// then name, ordinally: a total order, so any sort of keys (reports, plans) is the same on every run.
/// </summary>
public sealed record AppKey(string Namespace, string Name) : IComparable<AppKey>
{
    public int CompareTo(AppKey? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byNamespace = string.CompareOrdinal(Namespace, other.Namespace);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(Name, other.Name);
    }

    public static bool operator <(AppKey? left, AppKey? right) => Compare(left, right) < 0;

    public static bool operator <=(AppKey? left, AppKey? right) => Compare(left, right) <= 0;

    public static bool operator >(AppKey? left, AppKey? right) => Compare(left, right) > 0;

    public static bool operator >=(AppKey? left, AppKey? right) => Compare(left, right) >= 0;

    public override string ToString() => $"{Namespace}/{Name}";

    private static int Compare(AppKey? left, AppKey? right) => left is null ? (right is null ? 0 : -1) : left.CompareTo(right);
}
