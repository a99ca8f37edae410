namespace GitOpsBackup.Bench;

/// <summary>
/// Bench commands that print figures (time, peak memory, request counts). Not timed tests:
/// run with `make bench` and report the figures with the machine they came from.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("usage: GitOpsBackup.Bench <benchmark> (none registered yet)");
        return args.Length == 0 ? 2 : 2;
    }
}
