using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GitOpsBackup.Tests.Fixtures;

/// <summary>
/// Smart HTTP(S) on 127.0.0.1: a tiny Kestrel server that runs the real
/// <c>git-http-backend</c> as CGI, requires Basic auth (401 without), and serves HTTPS with a
/// certificate signed by a generated CA whose PEM is <see cref="CaBundlePath"/>.
/// </summary>
public sealed class GitHttpFixture : IAsyncLifetime
{
    private const string Backend = "/usr/lib/git-core/git-http-backend";
    private WebApplication? _app;

    public string BaseDirectory { get; } = GitPorts.NewTempDirectory("gob-githttp");

    public string User { get; } = "backup";

    public string Password { get; } = "s3cret-" + Guid.NewGuid().ToString("N")[..12];

    public string CaBundlePath => Path.Combine(BaseDirectory, "ca.pem");

    public int HttpPort { get; private set; }

    public int HttpsPort { get; private set; }

    public string HttpUrl(string repoName) => $"http://127.0.0.1:{HttpPort}/{repoName}.git";

    public string HttpsUrl(string repoName) => $"https://127.0.0.1:{HttpsPort}/{repoName}.git";

    internal GitTestRepo CreateRepo(string name) => new(Path.Combine(BaseDirectory, "repos"), name);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(BaseDirectory, "repos"));
        using var serverCertificate = CreateCertificates();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var tlsCertificate = X509CertificateLoader.LoadPkcs12(serverCertificate.Export(X509ContentType.Pfx), null);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(tlsCertificate));
        });
        _app = builder.Build();
        _app.Run(HandleAsync);
        await _app.StartAsync();
        var addresses = _app.Services.GetService(typeof(IServer)) is IServer server
            ? server.Features.Get<IServerAddressesFeature>()!.Addresses.ToList()
            : [];
        HttpPort = new Uri(addresses.First(a => a.StartsWith("http:", StringComparison.Ordinal))).Port;
        HttpsPort = new Uri(addresses.First(a => a.StartsWith("https:", StringComparison.Ordinal))).Port;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        GitPorts.DeleteDirectory(BaseDirectory);
    }

    /// <summary>Every request the server got: scheme, Host header, path, and whether it carried an Authorization header.</summary>
    public ConcurrentQueue<(string Scheme, string Host, string Path, bool Authorized)> Requests { get; } = new();

    /// <summary>
    /// A URL on <paramref name="fromBase"/> (e.g. http://127.0.0.1:port) whose every request is answered
    /// 302 to the same path under <paramref name="toBase"/>: a remote that moved, or one that hands the
    /// client on to another host.
    /// </summary>
    /// <param name="afterAuth">Redirect only requests that carry the right credentials (401 the others): the client then holds credentials for the first host.</param>
    public static string RedirectingUrl(string fromBase, string toBase, string repoName, bool afterAuth = false) =>
        $"{fromBase}/{(afterAuth ? "redirect-after-auth" : "redirect")}/{Convert.ToBase64String(Encoding.UTF8.GetBytes(toBase)).Replace('/', '_').Replace('+', '-')}/{repoName}.git";

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        Requests.Enqueue((request.Scheme, request.Host.Value ?? "", request.Path.Value ?? "", request.Headers.Authorization.Count > 0));
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));
        var authorized = request.Headers.Authorization.ToString() == expected;
        var redirects = request.Path.StartsWithSegments("/redirect", out var rest);
        if (!redirects && request.Path.StartsWithSegments("/redirect-after-auth", out rest))
        {
            // The same, but only once the client has authenticated here: it holds credentials when handed on.
            if (!authorized)
            {
                Challenge(context);
                return;
            }

            redirects = true;
        }

        if (redirects)
        {
            // /redirect/<base64url target>/<path>: 302 to <target>/<path>?<query>, whatever the credentials.
            var parts = rest.Value!.TrimStart('/').Split('/', 2);
            var target = Encoding.UTF8.GetString(Convert.FromBase64String(parts[0].Replace('_', '/').Replace('-', '+')));
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = $"{target}/{parts[1]}{request.QueryString}";
            return;
        }

        if (!authorized)
        {
            Challenge(context);
            return;
        }

        await RunBackendAsync(context);
    }

    private static void Challenge(HttpContext context)
    {
        context.Response.StatusCode = 401;
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"git\"";
    }

    /// <summary>CGI: request as environment + stdin; response headers, blank line, body on stdout.</summary>
    private async Task RunBackendAsync(HttpContext context)
    {
        var request = context.Request;
        var start = new ProcessStartInfo(Backend)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        GitCli.Isolate(start, BaseDirectory);
        start.Environment["GIT_PROJECT_ROOT"] = Path.Combine(BaseDirectory, "repos");
        start.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
        start.Environment["PATH_INFO"] = request.Path.Value ?? "/";
        start.Environment["QUERY_STRING"] = request.QueryString.HasValue ? request.QueryString.Value![1..] : string.Empty;
        start.Environment["REQUEST_METHOD"] = request.Method;
        start.Environment["CONTENT_TYPE"] = request.ContentType ?? string.Empty;
        start.Environment["REMOTE_USER"] = User;
        start.Environment["REMOTE_ADDR"] = "127.0.0.1";
        start.Environment["SERVER_PROTOCOL"] = "HTTP/1.1";
        if (request.ContentLength is { } length)
        {
            start.Environment["CONTENT_LENGTH"] = length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (request.Headers.ContentEncoding.Count > 0)
        {
            start.Environment["HTTP_CONTENT_ENCODING"] = request.Headers.ContentEncoding.ToString();
        }

        if (request.Headers.TryGetValue("Git-Protocol", out var protocol))
        {
            start.Environment["GIT_PROTOCOL"] = protocol.ToString();
        }

        using var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        var input = Task.Run(async () =>
        {
            await request.Body.CopyToAsync(process.StandardInput.BaseStream);
            process.StandardInput.Close();
        });

        var output = process.StandardOutput.BaseStream;
        foreach (var header in ReadHeaders(output))
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            var name = header[..colon].Trim();
            var value = header[(colon + 1)..].Trim();
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = int.Parse(value.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                context.Response.Headers.Append(name, value);
            }
        }

        await output.CopyToAsync(context.Response.Body);
        await input;
        await process.WaitForExitAsync();
    }

    private static List<string> ReadHeaders(Stream output)
    {
        var headers = new List<string>();
        var line = new List<byte>();
        while (true)
        {
            var b = output.ReadByte();
            if (b < 0)
            {
                return headers;
            }

            if (b == '\n')
            {
                var text = Encoding.ASCII.GetString([.. line]).TrimEnd('\r');
                line.Clear();
                if (text.Length == 0)
                {
                    return headers;
                }

                headers.Add(text);
            }
            else
            {
                line.Add((byte)b);
            }
        }
    }

    /// <summary>A CA (written to ca.pem) and a server certificate for 127.0.0.1 signed by it.</summary>
    private X509Certificate2 CreateCertificates()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=gitopsbackup test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        File.WriteAllText(CaBundlePath, ca.ExportCertificatePem());

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(san.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var signed = serverRequest.Create(ca, now.AddDays(-1), now.AddDays(29), [1, 2, 3, 4, 5, 6, 7, 8]);
        return signed.CopyWithPrivateKey(serverKey);
    }
}
