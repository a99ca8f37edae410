using System.Diagnostics;
using System.Globalization;

namespace GitOpsBackup.Tests.Fixtures;

/// <summary>
/// A private MariaDB (Debian's mariadbd) on 127.0.0.1 with its own port, socket and temp data
/// folder; root over the socket sets up a password user for TCP. Torn down after the collection.
/// </summary>
public sealed class MariaDbFixture : IAsyncLifetime
{
    public const string User = "backup";

    private Process? _server;

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "gob-maria-" + Guid.NewGuid().ToString("N")[..12]);

    public string Password { get; } = "mdb-" + Guid.NewGuid().ToString("N")[..12];

    public int Port { get; } = GitPorts.Next();

    private string Socket => Path.Combine(Root, "mysqld.sock");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        var data = Path.Combine(Root, "data");
        var env = new Dictionary<string, string> { ["HOME"] = Root };
        var user = ProcessRunner.IsRoot ? "root" : Environment.UserName;
        var install = await ProcessRunner.RunAsync("mariadb-install-db",
            ["--no-defaults", "--datadir=" + data, "--user=" + user, "--auth-root-authentication-method=normal", "--skip-test-db"], env, TimeSpan.FromMinutes(2));
        Assert.True(install.ExitCode == 0, install.ToString());

        var start = new ProcessStartInfo("mariadbd") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[]
        {
            "--no-defaults", "--datadir=" + data, "--socket=" + Socket, "--port=" + Port.ToString(CultureInfo.InvariantCulture),
            "--bind-address=127.0.0.1", "--user=" + user, "--pid-file=" + Path.Combine(Root, "mysqld.pid"), "--log-error=" + Path.Combine(Root, "error.log"),
            "--skip-log-bin", "--innodb-buffer-pool-size=32M", "--innodb-flush-log-at-trx-commit=0",
        })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Clear();
        start.Environment["PATH"] = ProcessRunner.PlainPath;
        start.Environment["HOME"] = Root;
        _server = Process.Start(start)!;
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        await GitPorts.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(60));
        await RootSqlAsync($"CREATE USER '{User}'@'%' IDENTIFIED BY '{Password}'; GRANT ALL ON *.* TO '{User}'@'%';");
    }

    /// <summary>SQL as root over the fixture's socket.</summary>
    public async Task<ProcessResult> RootSqlAsync(string sql, string? database = null)
    {
        List<string> args = ["--no-defaults", "--socket=" + Socket, "-u", "root", "--batch", "--skip-column-names", "-e", sql];
        if (database is not null)
        {
            args.Add(database);
        }

        var result = await ProcessRunner.RunAsync("mariadb", args, new Dictionary<string, string> { ["HOME"] = Root });
        Assert.True(result.ExitCode == 0, $"mariadb {sql}: {result}");
        return result;
    }

    public Task DisposeAsync() => ServerCleanup.StopAsync(_server, Root);
}
