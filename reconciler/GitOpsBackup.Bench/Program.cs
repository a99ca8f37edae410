namespace GitOpsBackup.Bench;

/// <summary>
/// Bench commands that print figures (time, peak memory, request counts). Not timed tests:
/// run with `make bench` and report the figures with the machine they came from.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "validate-10k":
            case "all":
                return ValidateBench.Run();
            default:
                Console.Error.WriteLine("usage: GitOpsBackup.Bench <benchmark>  (validate-10k)");
                return 2;
        }
    }
}
