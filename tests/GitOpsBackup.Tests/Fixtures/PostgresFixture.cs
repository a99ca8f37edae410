using System.Diagnostics;

namespace GitOpsBackup.Tests.Fixtures;

/// <summary>
/// A private PostgreSQL (Debian's server binaries) on 127.0.0.1 with its own port and temp data
/// folder, run as nobody when the tests run as root (postgres refuses root). Password auth
/// (scram) for TCP, so a wrong password really fails. Torn down after the collection.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string User = "postgres";

    private Process? _server;

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "gob-pg-" + Guid.NewGuid().ToString("N")[..12]);

    public string Password { get; } = "pg-" + Guid.NewGuid().ToString("N")[..12];

    public int Port { get; } = GitPorts.Next();

    private static string Bin => Directory.GetDirectories("/usr/lib/postgresql").Order(StringComparer.Ordinal).Last() + "/bin";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        UnixFiles.SetMode(Root, 777);
        var data = Path.Combine(Root, "data");
        var pwfile = Path.Combine(Root, "pw");
        File.WriteAllText(pwfile, Password);
        UnixFiles.SetMode(pwfile, 644);
        var init = await ProcessRunner.RunAsync(Bin + "/initdb", ["-D", data, "-U", User, "--auth=scram-sha-256", "--pwfile=" + pwfile, "--no-sync"],
            new Dictionary<string, string> { ["HOME"] = Root }, TimeSpan.FromMinutes(2), asNobody: true);
        Assert.True(init.ExitCode == 0, init.ToString());

        var start = new ProcessStartInfo(ProcessRunner.IsRoot ? "setpriv" : Bin + "/postgres") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        var args = new List<string> { "-D", data, "-k", Root, "-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c", "fsync=off", "-c", "max_connections=30" };
        if (ProcessRunner.IsRoot)
        {
            args = ["--reuid=" + ProcessRunner.Nobody, "--regid=" + ProcessRunner.Nobody, "--clear-groups", "--", Bin + "/postgres", .. args];
        }

        args.ForEach(start.ArgumentList.Add);
        start.Environment.Clear();
        start.Environment["PATH"] = ProcessRunner.PlainPath;
        start.Environment["HOME"] = Root;
        _server = Process.Start(start)!;
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        await GitPorts.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(60));
        using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await CliProcess.Eventually(async () => (await SqlAsync("postgres", "SELECT 1", check: false)).ExitCode == 0 ? "up" : null, ready.Token);
    }

    /// <summary>Runs SQL with psql as the superuser over TCP, the password in the environment.</summary>
    public async Task<ProcessResult> SqlAsync(string database, string sql, bool check = true)
    {
        var result = await ProcessRunner.RunAsync(Bin + "/psql",
            ["--no-psqlrc", "-v", "ON_ERROR_STOP=1", "--tuples-only", "--no-align", "-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", User, "-d", database, "-c", sql],
            new Dictionary<string, string> { ["PGPASSWORD"] = Password, ["HOME"] = Root });
        Assert.True(!check || result.ExitCode == 0, $"psql {sql}: {result}");
        return result;
    }

    public Task DisposeAsync() => ServerCleanup.StopAsync(_server, Root);
}
