using System.Globalization;
using GitOpsBackup.Fuzz;
using SharpFuzz;

// gitops-backup's hostile-input harness. See README.md beside this file.
var command = args.FirstOrDefault() ?? "help";
string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
FuzzTarget Target(string? name) => FuzzTarget.Named(name ?? "") ?? throw new ArgumentException($"unknown target '{name}'; one of: {string.Join(", ", FuzzTarget.All.Select(t => t.Name))}");

switch (command)
{
    case "campaign":
        {
            var which = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : "all";
            var targets = which == "all" ? FuzzTarget.All : [Target(which)];
            var cases = long.Parse(Option("--cases") ?? "100000", CultureInfo.InvariantCulture);
            var seed = ulong.Parse(Option("--seed") ?? "12", CultureInfo.InvariantCulture);
            var corpus = Option("--corpus") ?? Path.Combine(AppContext.BaseDirectory, "Corpus");
            var failures = Option("--failures") ?? Path.Combine(Path.GetTempPath(), "gitops-backup-fuzz");
            var shards = int.Parse(Option("--shards") ?? Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var results = Runner.Run(targets, cases, seed, corpus, failures, Console.Out, shards);
            using (var self = System.Diagnostics.Process.GetCurrentProcess())
            {
                Console.WriteLine($"hostile wall time: {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:0} s, {shards} shards per target on {Environment.ProcessorCount} cores, peak working set {self.PeakWorkingSet64 >> 20} MiB");
            }

            return results.Sum(r => r.Violations.Count) == 0 ? 0 : 1;
        }

    case "replay":
        {
            var target = Target(args.ElementAtOrDefault(1));
            var broken = 0;
            foreach (var file in args.Skip(2))
            {
                try
                {
                    var bytes = File.ReadAllBytes(file);
                    var (allocated, started) = (GC.GetAllocatedBytesForCurrentThread(), System.Diagnostics.Stopwatch.GetTimestamp());
                    target.Run(bytes);
                    var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
                    Console.WriteLine($"{file}: ok ({(GC.GetAllocatedBytesForCurrentThread() - allocated) >> 20} MiB allocated, {elapsed.TotalMilliseconds:0} ms)");
                }
                catch (FuzzViolation violation)
                {
                    broken++;
                    Console.WriteLine($"{file}: VIOLATION {violation.Message}\n{violation.InnerException}");
                }
            }

            return broken == 0 ? 0 : 1;
        }

    case "generate":
        {
            // Writes generated case INDEX of a seed to a file, to replay or profile it alone (e.g. the slowest one printed).
            var target = Target(args.ElementAtOrDefault(1));
            var index = uint.Parse(args.ElementAtOrDefault(2) ?? "0", CultureInfo.InvariantCulture);
            var seed = ulong.Parse(Option("--seed") ?? "12", CultureInfo.InvariantCulture);
            var output = Option("--out") ?? $"{target.Name}-case-{index}.bin";
            File.WriteAllBytes(output, target.Inputs.Generate(new CsCheck.PCG(index, seed), null, out _));
            Console.WriteLine(output);
            return 0;
        }

    case "afl":
        {
            // Under afl-fuzz, after `sharpfuzz GitOpsBackup.dll` instrumented the library: an escaping exception is a crash.
            var target = Target(args.ElementAtOrDefault(1));
            Fuzzer.OutOfProcess.Run(stream =>
            {
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                target.Run(buffer.ToArray());
            });
            return 0;
        }

    case "libfuzzer":
        {
            var target = Target(args.ElementAtOrDefault(1));
            Fuzzer.LibFuzzer.Run(span => target.Run(span));
            return 0;
        }

    default:
        Console.WriteLine("""
            usage: GitOpsBackup.Fuzz campaign [all|spec|namespace|webhook] [--cases N] [--seed S] [--corpus DIR] [--failures DIR] [--shards N]
                   GitOpsBackup.Fuzz replay TARGET FILE...
                   GitOpsBackup.Fuzz generate TARGET INDEX [--seed S] [--out FILE]
                   GitOpsBackup.Fuzz afl TARGET          (run by afl-fuzz; see README.md)
                   GitOpsBackup.Fuzz libfuzzer TARGET    (run by libfuzzer-dotnet; see README.md)
            """);
        return command == "help" ? 0 : 2;
}
