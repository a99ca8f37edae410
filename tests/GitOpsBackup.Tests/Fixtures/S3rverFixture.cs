using System.Diagnostics;
using System.Text.RegularExpressions;

namespace GitOpsBackup.Tests.Fixtures;

/// <summary>
/// A real S3 server (s3rver, npm) on 127.0.0.1 with a free port, a temp data folder and a
/// self-signed TLS certificate: over plain HTTP restic signs uploads as aws-chunked, which s3rver
/// stores raw. Started once per test collection; tests use their own bucket names.
/// </summary>
public sealed partial class S3rverFixture : IAsyncLifetime
{
    /// <summary>s3rver's built-in credentials.</summary>
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private Process? _server;

    /// <summary>A folder every test user can read (the certificate is read by scripts run as nobody).</summary>
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "gob-s3rver-" + Guid.NewGuid().ToString("N")[..12]);

    public string CaFile => Path.Combine(Root, "cert.pem");

    public string Endpoint { get; private set; } = "";

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex Listening();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(Root, "data"));
        UnixFiles.SetMode(Root, 755);
        var cert = await ProcessRunner.RunAsync("openssl",
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
             "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", Path.Combine(Root, "key.pem"), "-out", CaFile],
            new Dictionary<string, string>());
        Assert.True(cert.ExitCode == 0, cert.ToString());
        UnixFiles.SetMode(CaFile, 644);

        var start = new ProcessStartInfo("s3rver")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-d", Path.Combine(Root, "data"), "-a", "127.0.0.1", "-p", "0", "--silent",
                     "--key", Path.Combine(Root, "key.pem"), "--cert", CaFile })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Clear();
        start.Environment["PATH"] = ProcessRunner.PlainPath;
        start.Environment["HOME"] = Root;
        _server = Process.Start(start)!;
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginErrorReadLine();

        // Port 0: s3rver binds a free port and says which; no race with another test's server.
        var ready = Task.Run(async () =>
        {
            while (await _server.StandardOutput.ReadLineAsync() is { } line)
            {
                var match = Listening().Match(line);
                if (match.Success)
                {
                    return match.Groups[1].Value;
                }
            }

            return null;
        });
        var port = await ready.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(port is not null, "s3rver exited before listening");
        Endpoint = $"https://127.0.0.1:{port}";
        _ = Task.Run(async () => await _server.StandardOutput.ReadToEndAsync());
    }

    /// <summary>The environment of an rclone remote named "s3" pointing at this server.</summary>
    public Dictionary<string, string> RcloneEnv(string home) => new()
    {
        ["HOME"] = home,
        ["RCLONE_CONFIG_S3_TYPE"] = "s3",
        ["RCLONE_CONFIG_S3_PROVIDER"] = "Other",
        ["RCLONE_CONFIG_S3_ENDPOINT"] = Endpoint,
        ["RCLONE_CONFIG_S3_REGION"] = "us-east-1",
        ["RCLONE_CONFIG_S3_ACCESS_KEY_ID"] = AccessKey,
        ["RCLONE_CONFIG_S3_SECRET_ACCESS_KEY"] = SecretKey,
        ["RCLONE_CA_CERT"] = CaFile,
    };

    public async Task<ProcessResult> RcloneAsync(string home, params string[] args)
    {
        var result = await ProcessRunner.RunAsync("rclone", args, RcloneEnv(home));
        Assert.True(result.ExitCode == 0, $"rclone {string.Join(' ', args)}: {result}");
        return result;
    }

    public Task DisposeAsync() => ServerCleanup.StopAsync(_server, Root);
}
