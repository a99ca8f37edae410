using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GitOpsBackup.Tests.Fixtures;

/// <summary>
/// An HTTP server on 127.0.0.1 (a free port) that records every request in the order it came
/// (method, path with query, headers, body) and answers <see cref="Status"/>: the far end of
/// healthchecks pings, ntfy and webhooks in tests.
/// </summary>
public sealed class HttpRecorder : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HttpRecorder(WebApplication app) => _app = app;

    /// <summary>http://127.0.0.1:port</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>What the next requests are answered with.</summary>
    public int Status { get; set; } = 200;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public static async Task<HttpRecorder> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var recorder = new HttpRecorder(app);
        app.Run(recorder.HandleAsync);
        await app.StartAsync();
        var server = (IServer)app.Services.GetService(typeof(IServer))!;
        recorder.BaseUrl = server.Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return recorder;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Requests.Enqueue(new RecordedRequest(request.Method, request.Path + request.QueryString, headers, body));
        context.Response.StatusCode = Status;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public override string ToString() => $"{Method} {PathAndQuery}";
}
