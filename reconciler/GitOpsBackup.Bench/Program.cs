namespace GitOpsBackup.Bench;

/// <summary>
/// Bench commands that print figures (time, peak memory, request counts). Not timed tests:
/// run with `make bench` and report the figures with the machine they came from.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "validate-10k":
                return ValidateBench.Run();
            case "git-poll-10k":
                return GitPollBench.Run();
            case "apply-1000":
                return await ApplyBench.RunAsync(1000);
            case "run-noop":
                return await RunNoopBench.RunAsync(1000);
            case "run-rss":
                return await RunRssBench.RunAsync(1000);
            case "all":
                var results = new[] { ValidateBench.Run(), GitPollBench.Run(), await ApplyBench.RunAsync(1000), await RunNoopBench.RunAsync(1000), await RunRssBench.RunAsync(1000) };
                return results.Max();
            default:
                Console.Error.WriteLine("usage: GitOpsBackup.Bench <benchmark>  (validate-10k | git-poll-10k | apply-1000 | run-noop | run-rss | all)");
                return 2;
        }
    }
}
