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
                return ValidateBench.Run();
            case "git-poll-10k":
                return GitPollBench.Run();
            case "all":
                var failed = ValidateBench.Run();
                return GitPollBench.Run() | failed;
            default:
                Console.Error.WriteLine("usage: GitOpsBackup.Bench <benchmark>  (validate-10k | git-poll-10k | all)");
                return 2;
        }
    }
}
