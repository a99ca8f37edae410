using System.Globalization;
using System.Threading.RateLimiting;
using GitOpsBackup.Reconciling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ILogger = Serilog.ILogger;

namespace GitOpsBackup.Service;

/// <summary>
/// The HTTP side of <c>run</c> (ASP.NET Core minimal hosting, its own small app beside the loop):
/// <c>/healthz</c> 200 while the process lives, <c>/readyz</c> per <see cref="Readiness"/>,
/// <c>/metrics</c> in Prometheus text, the night's page at <c>/</c> and <c>/nights/DATE</c>, and
/// <c>POST /hooks/{github|gitea|forgejo|gitlab}</c> that pull the loop's <see cref="PassTrigger"/> —
/// only for a verified push to the followed ref, and only on the replica that holds the Lease.
/// </summary>
internal sealed class HttpSurface(HttpSurfaceOptions options, PassTrigger trigger, ServiceMetrics metrics, Readiness readiness, ILogger log) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>Serves the night's page at / and /nights/DATE; null: not served.</summary>
    public NightPageSource? Pages { get; init; }

    /// <summary>The bound address (the real port for :0), once started; null when not serving.</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders(); // run logs through Serilog; Kestrel's failures surface as exceptions here
        builder.WebHost.UseUrls(options.Url);
        builder.Services.AddRateLimiter(r =>
        {
            r.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            r.AddFixedWindowLimiter("hooks", w => (w.PermitLimit, w.Window, w.QueueLimit) = (options.WebhooksPerMinute, TimeSpan.FromMinutes(1), 0));
        });
        var app = builder.Build();
        app.UseRateLimiter();
        app.MapGet("/healthz", () => "ok\n");
        app.MapGet("/readyz", () => readiness.Ready ? Results.Text("ready\n") : Results.Text($"not ready: {readiness.Reason}\n", statusCode: 503));
        app.MapGet("/metrics", ServeMetricsAsync);
        app.MapPost("/hooks/{forge}", ReceiveAsync).RequireRateLimiting("hooks");
        if (Pages is { } pages)
        {
            app.MapGet("/", () => Results.Content(pages.Render(null), "text/html; charset=utf-8"));
            app.MapGet("/nights/{date}", (string date) => DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var night)
                ? Results.Content(pages.Render(night), "text/html; charset=utf-8")
                : Results.Text($"'{date}' is not a night: use /nights/YYYY-MM-DD\n", statusCode: 404));
        }

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException ex)
        {
            await app.DisposeAsync();
            if (options.Required)
            {
                throw new IOException($"--listen: {ex.Message} Choose another address with --listen [HOST]:PORT, or --listen off.", ex);
            }

            log.Warning("HTTP surface off: {Url} cannot be bound ({Error}); pass --listen ADDR for another address", options.Url, ex.Message);
            return;
        }

        _app = app;
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        log.Information("Listening on {Address} (/healthz /readyz /metrics{Hooks})", Address, options.WebhookSecret is null ? "; webhooks off without --webhook-secret-file" : " /hooks/github|gitea|forgejo|gitlab");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private async Task ServeMetricsAsync(HttpContext http)
    {
        http.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await metrics.Registry.CollectAndExportAsTextAsync(http.Response.Body, http.RequestAborted);
    }

    private async Task<IResult> ReceiveAsync(string forge, HttpContext http)
    {
        Forge? parsed = forge switch { "github" => Forge.GitHub, "gitea" or "forgejo" => Forge.Gitea, "gitlab" => Forge.GitLab, _ => null };
        if (parsed is not { } which)
        {
            return Results.Text($"no webhook route for '{forge}': use /hooks/github, /hooks/gitea, /hooks/forgejo or /hooks/gitlab\n", statusCode: 404);
        }

        if (options.WebhookSecret is not { } secret)
        {
            return Results.Text("webhooks are off: start run with --webhook-secret-file FILE (the secret set on the forge)\n", statusCode: 404);
        }

        var verdict = http.Request.ContentLength > options.MaxBodyBytes
            ? WebhookVerifier.TooLarge(options.MaxBodyBytes)
            : WebhookVerifier.Verify(which, await ReadBoundedAsync(http.Request, options.MaxBodyBytes, http.RequestAborted),
                http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), secret, options.Followed, options.MaxBodyBytes);
        if (verdict.Decision == WebhookDecision.Trigger && !readiness.Leading)
        {
            // A standby runs no pass: say so, so the forge shows a failed delivery; the leader's poll still finds the push.
            log.Information("Webhook {Forge}: {Reason}; standing by (another replica holds the Lease)", which, verdict.Reason);
            return Results.Text("standing by: another replica holds the Lease and will find the push at its next poll\n", statusCode: 503);
        }

        if (verdict.Decision == WebhookDecision.Trigger)
        {
            trigger.Request();
            log.Information("Webhook {Forge}: {Reason}; pass triggered", which, verdict.Reason);
        }
        else
        {
            log.Write(verdict.Decision == WebhookDecision.Ignored ? Serilog.Events.LogEventLevel.Debug : Serilog.Events.LogEventLevel.Warning,
                "Webhook {Forge} from {Remote} {Decision}: {Reason}", which, http.Connection.RemoteIpAddress?.ToString(), verdict.Decision, verdict.Reason);
        }

        return Results.Text(verdict.Reason + "\n", statusCode: verdict.StatusCode);
    }

    /// <summary>At most <paramref name="max"/>+1 bytes (a chunked body has no length up front): enough for the verifier to see "too large" without reading a flood.</summary>
    private static async Task<ReadOnlyMemory<byte>> ReadBoundedAsync(HttpRequest request, int max, CancellationToken ct)
    {
        var buffer = new byte[Math.Min(max + 1, (int?)request.ContentLength + 1 ?? max + 1)];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await request.Body.ReadAsync(buffer.AsMemory(read), ct)) > 0)
        {
            read += n;
        }

        return buffer.AsMemory(0, read);
    }
}
