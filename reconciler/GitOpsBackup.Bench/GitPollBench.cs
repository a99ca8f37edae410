using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using GitOpsBackup.Source;
using GitOpsBackup.Specs;
using LibGit2Sharp;

namespace GitOpsBackup.Bench;

/// <summary>
/// <c>git-poll-10k</c>: a repo of 10,000 spec files served by a real <c>git daemon</c> on 127.0.0.1;
/// times the first clone + load, an unchanged poll, and a one-file change (poll + fetch + load with
/// the loader's cache), and prints how many files each load parsed. GOB_BENCH_FULL=1 fetches full
/// history instead of depth 1.
/// </summary>
internal static class GitPollBench
{
    private const int Apps = 10_000;
    private const int Rounds = 10;

    public static int Run()
    {
        var root = Path.Combine(Path.GetTempPath(), "gob-bench-git-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        Process? daemon = null;
        try
        {
            // libgit2 here must not read the machine's or the user's git config.
            var noConfig = Path.Combine(root, "no-gitconfig");
            GlobalSettings.SetConfigSearchPaths(ConfigurationLevel.Global, noConfig);
            GlobalSettings.SetConfigSearchPaths(ConfigurationLevel.Xdg, noConfig);
            GlobalSettings.SetConfigSearchPaths(ConfigurationLevel.System, noConfig);

            var work = Path.Combine(root, "work");
            var bare = Path.Combine(root, "srv", "config.git");
            var clock = Stopwatch.StartNew();
            Generate(work, bare);
            Console.WriteLine($"git-poll-10k: generated {Apps} specs and pushed them in {clock.Elapsed.TotalSeconds:0.0} s");

            var port = FreePort();
            daemon = Git(root, wait: false, "daemon", "--reuseaddr", $"--base-path={Path.Combine(root, "srv")}", "--export-all", $"--port={port}", "--listen=127.0.0.1");
            WaitForPort(port);

            using var source = new GitSource(new GitSourceOptions { Url = $"git://127.0.0.1:{port}/config.git", CacheRoot = Path.Combine(root, "cache"), Shallow = Environment.GetEnvironmentVariable("GOB_BENCH_FULL") is null }, TimeProvider.System);
            var loader = new SpecLoader();

            clock.Restart();
            var first = (SourceResult.Updated)source.PollAsync().GetAwaiter().GetResult();
            var pollMs = clock.Elapsed.TotalMilliseconds;
            var specs = loader.Load(first.Tree);
            Report("first clone", pollMs, clock.Elapsed.TotalMilliseconds - pollMs, loader.FilesParsed, $"{specs.Apps.Count} apps, {specs.Diagnostics.Count} diagnostics");

            var unchanged = new List<double>();
            for (var i = 0; i < Rounds; i++)
            {
                clock.Restart();
                var result = source.PollAsync().GetAwaiter().GetResult();
                unchanged.Add(clock.Elapsed.TotalMilliseconds);
                if (result is not SourceResult.Unchanged)
                {
                    throw new InvalidOperationException($"expected Unchanged, got {result}");
                }
            }

            Console.WriteLine($"  unchanged poll (ls-remote only, no fetch, no parse): median {Median(unchanged):0.0} ms, max {unchanged.Max():0.0} ms over {Rounds}");

            var polls = new List<double>();
            var loads = new List<double>();
            var parsed = new List<int>();
            for (var i = 0; i < Rounds; i++)
            {
                var app = (i * 997) % Apps;
                File.WriteAllText(Path.Combine(work, "apps", Name(app), "backup.yaml"), Spec(app, $"{i % 60} 3 * * *"));
                Git(work, wait: true, "commit", "-qam", $"change {i}");
                Git(work, wait: true, "push", "-q", "origin", "HEAD:refs/heads/main");

                var before = loader.FilesParsed;
                clock.Restart();
                var updated = (SourceResult.Updated)source.PollAsync().GetAwaiter().GetResult();
                polls.Add(clock.Elapsed.TotalMilliseconds);
                clock.Restart();
                loader.Load(updated.Tree);
                loads.Add(clock.Elapsed.TotalMilliseconds);
                parsed.Add(loader.FilesParsed - before);
            }

            Console.WriteLine($"  one-file change: poll+fetch median {Median(polls):0.0} ms, load median {Median(loads):0.0} ms, "
                + $"total median {Median(polls.Zip(loads, (a, b) => a + b).ToList()):0.0} ms; files parsed per change: {string.Join(",", parsed.Distinct())}");
            BenchTable.Add(new BenchRow("git poll, unchanged (git daemon, depth 1)", Apps, Median(unchanged) / 1000, null, null,
                string.Create(CultureInfo.InvariantCulture, $"median of {Rounds}, max {unchanged.Max():0.0} ms; no fetch, no parse")));
            BenchTable.Add(new BenchRow("git poll, one commit (poll + fetch + load)", Apps, Median(polls.Zip(loads, (a, b) => a + b).ToList()) / 1000, null, null,
                string.Create(CultureInfo.InvariantCulture, $"median of {Rounds}: poll+fetch {Median(polls):0.0} ms, load {Median(loads):0.0} ms; files parsed per change {string.Join(",", parsed.Distinct())}")));
            Console.WriteLine($"  fetches {source.Fetches}, clones {source.Clones}; machine: {Environment.ProcessorCount} cores, {RuntimeLabel()}");
            return 0;
        }
        finally
        {
            if (daemon is { HasExited: false })
            {
                daemon.Kill(entireProcessTree: true);
                daemon.WaitForExit();
            }

            daemon?.Dispose();
            try
            {
                DeleteTree(root);
            }
            catch (IOException ex)
            {
                // A daemon child may still hold a file for a moment; the figures are printed already.
                Console.Error.WriteLine($"git-poll-10k: could not remove {root}: {ex.Message}");
            }
        }
    }

    private static void Report(string what, double pollMs, double loadMs, int parsed, string detail) =>
        Console.WriteLine($"  {what}: poll {pollMs:0.0} ms, load {loadMs:0.0} ms, files parsed {parsed} ({detail})");

    private static void Generate(string work, string bare)
    {
        Directory.CreateDirectory(bare);
        Git(bare, wait: true, "init", "-q", "--bare", "-b", "main");
        Directory.CreateDirectory(work);
        Git(work, wait: true, "init", "-q", "-b", "main");
        for (var i = 0; i < Apps; i++)
        {
            var dir = Path.Combine(work, "apps", Name(i));
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "backup.yaml"), Spec(i, "30 2 * * *"));
        }

        Directory.CreateDirectory(Path.Combine(work, "infrastructure"));
        File.WriteAllText(Path.Combine(work, "infrastructure", "defaults.yaml"), BenchSpecs.Defaults);
        Git(work, wait: true, "add", "-A");
        Git(work, wait: true, "commit", "-qm", "10k specs");
        Git(work, wait: true, "remote", "add", "origin", bare);
        Git(work, wait: true, "push", "-q", "origin", "HEAD:refs/heads/main");
    }

    private static string Name(int i) => "app" + i.ToString("D5", CultureInfo.InvariantCulture);

    private static string Spec(int i, string schedule) => $"""
        apiVersion: backup.homelab.dev/v1alpha1
        kind: HomelabBackup
        metadata:
          name: {Name(i)}
          namespace: {Name(i)}
          annotations:
            config.kubernetes.io/local-config: "true"
        spec:
          backupBucket: {Name(i)}-backup
          schedule: "{schedule}"
          volumes:
            - name: {Name(i)}-data
              external: true
        """;

    private static Process Git(string dir, bool wait, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = dir, UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // An explicit environment: no user or system git config, a fixed identity.
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        start.Environment["HOME"] = dir;
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        foreach (var who in new[] { "AUTHOR", "COMMITTER" })
        {
            start.Environment[$"GIT_{who}_NAME"] = "bench";
            start.Environment[$"GIT_{who}_EMAIL"] = "bench@example.invalid";
        }

        var process = Process.Start(start)!;
        if (!wait)
        {
            // The daemon's chatter (a client that hangs up after ls-remote) is not a figure.
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return process;
        }

        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)}: {stderr.Result}");
        }

        process.Dispose();
        return process;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void WaitForPort(int port)
    {
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new InvalidOperationException($"git daemon did not listen on {port}");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static string RuntimeLabel() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

    private static void DeleteTree(string path)
    {
        if (!Directory.Exists(path))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Directory.Delete(path, recursive: true);
    }
}
