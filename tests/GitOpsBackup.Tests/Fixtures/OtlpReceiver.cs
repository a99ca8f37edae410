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
/// An OTLP/HTTP logs receiver on 127.0.0.1 (a free port): takes <c>POST /v1/logs</c> with a
/// protobuf body, keeps the raw bytes and the decoded records, answers 200 with an empty
/// <c>ExportLogsServiceResponse</c>. Anything else is a 404, and counted.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app) => _app = app;

    /// <summary>http://127.0.0.1:port, without the /v1/logs the exporter appends.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Every request body received on /v1/logs, as sent.</summary>
    public ConcurrentQueue<byte[]> Bodies { get; } = new();

    public ConcurrentQueue<ReceivedLog> Logs { get; } = new();

    /// <summary>Requests to any other path or with another content type.</summary>
    public ConcurrentQueue<string> Rejected { get; } = new();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var server = (IServer)app.Services.GetService(typeof(IServer))!;
        receiver.BaseUrl = server.Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Method != "POST" || request.Path != "/v1/logs" || request.ContentType != "application/x-protobuf")
        {
            Rejected.Enqueue($"{request.Method} {request.Path} {request.ContentType}");
            context.Response.StatusCode = 404;
            return;
        }

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        var bytes = body.ToArray();
        Bodies.Enqueue(bytes);
        foreach (var log in OtlpLogDecoder.Decode(bytes))
        {
            Logs.Enqueue(log);
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/x-protobuf";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
