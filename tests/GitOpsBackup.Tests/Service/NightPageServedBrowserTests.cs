using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using GitOpsBackup.Tests.Fixtures;
using Xunit.Abstractions;

namespace GitOpsBackup.Tests.Service;

/// <summary>
/// The page <c>run --listen</c> serves, in a real browser: a real <c>run</c> process on the sample repo and
/// its embedded (simulated) cluster, opened in headless Chromium once the first pass applied every app.
/// <c>run</c> has no fast clock, so no backup has run yet: the page shows every app in the table and the
/// night's empty timeline; <c>/nights/DATE</c> serves the same night; the page asks for nothing outside itself.
/// The screenshot is kept beside the demo's in tests/GitOpsBackup.Tests/TestResults/night-page/.
/// </summary>
public sealed partial class NightPageServedBrowserTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] SampleApps = ["immich/immich", "nextcloud/nextcloud", "paperless/paperless", "vaultwarden/vaultwarden"];

    private readonly string _scratch = Directory.CreateTempSubdirectory("gitops-backup-run-page-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_scratch, recursive: true);
    }

    [Fact]
    public async Task RunListen_PageInChromium_HasEveryApp_TheTimelineAndTable_TheNightsRoute_AndNoExternalRequest()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        var log = new StringBuilder();
        var clock = Stopwatch.StartNew();
        using var run = Start(log, "run", CheckoutPaths.SampleRepo, "--interval", "1h", "--listen", "127.0.0.1:0");
        try
        {
            // Up, and the first pass applied every app: the page (read from the watch cache) lists them all.
            _http.BaseAddress = await Eventually(() => Task.FromResult(ListeningAddress().Match(Text(log)) is { Success: true } m ? new Uri(m.Groups[1].Value) : null), log, timeout.Token);
            var html = await Eventually(async () => await _http.GetStringAsync("/", timeout.Token) is var page && SampleApps.All(a => page.Contains($"<tr data-app=\"{a}\"", StringComparison.Ordinal)) ? page : null, log, timeout.Token);
            output.WriteLine($"run started -> every app on the page: {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.DoesNotMatch("(?i)https?:|//[a-z0-9.-]+\\.[a-z]{2,}/|<script|<link|@import|url\\(|src=|href=", html);

            // The night named in the title has its own address, serving the same night.
            var night = NightTitle().Match(html).Groups[1].Value;
            Assert.True(DateOnly.TryParseExact(night, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _), html);
            var byDate = await _http.GetAsync($"/nights/{night}", timeout.Token);
            Assert.Equal(HttpStatusCode.OK, byDate.StatusCode);
            Assert.StartsWith("text/html", byDate.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
            var dated = await byDate.Content.ReadAsStringAsync(timeout.Token);
            Assert.Contains($"<title>Backups: the night of {night}</title>", dated, StringComparison.Ordinal);
            Assert.Equal(SampleApps, TableApps().Matches(dated).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal));

            var artifacts = Directory.CreateDirectory(Path.Combine(CheckoutPaths.Root, "tests", "GitOpsBackup.Tests", "TestResults", "night-page")).FullName;
            var desktop = Path.Combine(artifacts, "run-desktop-1280x900.png");
            var dom = HeadlessChromium.DumpDomAsync(_http.BaseAddress, _scratch);
            await Task.WhenAll(dom, HeadlessChromium.ScreenshotAsync(_http.BaseAddress, desktop, 1280, 900, _scratch));
            output.WriteLine($"chromium done (DOM and screenshot in parallel): {clock.Elapsed.TotalSeconds:0.0} s; screenshot: {desktop}");

            var loaded = await dom;
            Assert.Equal(SampleApps, TableApps().Matches(loaded).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal));
            Assert.Single(Regex.Matches(loaded, "<svg class=\"timeline\"[^>]*>"));
            Assert.Matches("(?s)<table>\\s*<thead>.*<th>App</th>.*</thead>\\s*<tbody>", loaded);
            Assert.Contains("SIMULATED", loaded, StringComparison.Ordinal); // run on its own embedded cluster says so
            Assert.Contains("No backup ran in this night.", loaded, StringComparison.Ordinal); // no fast clock: nothing ran yet
            Assert.Contains("cycle start", loaded, StringComparison.Ordinal);
            Assert.Contains("latest start", loaded, StringComparison.Ordinal);
            Assert.DoesNotMatch("(?i)<script|<img|<iframe|<link|src=|href=", loaded); // nor did the browser add any
        }
        finally
        {
            await StopAsync(run);
            output.WriteLine($"run stopped (SIGTERM): {clock.Elapsed.TotalSeconds:0.0} s (2 cores, shared)");
        }

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{Text(log)}");
    }

    [GeneratedRegex("\"Address\":\"(http://127\\.0\\.0\\.1:[0-9]+/)\"")]
    private static partial Regex ListeningAddress();

    [GeneratedRegex("<title>Backups: the night of ([0-9-]+)</title>")]
    private static partial Regex NightTitle();

    [GeneratedRegex("<tr data-app=\"([^\"]+)\"")]
    private static partial Regex TableApps();

    private Process Start(StringBuilder log, params string[] args)
        => CliProcess.Start(log, args, _scratch);

    /// <summary>SIGTERM, as a pod gets; a process that does not stop within 15 s is killed with its tree.</summary>
    private static async Task StopAsync(Process run)
    {
        if (run.HasExited)
        {
            return;
        }

        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", run.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
        {
            await kill.WaitForExitAsync(CancellationToken.None);
        }

        try
        {
            await run.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (TimeoutException)
        {
            run.Kill(entireProcessTree: true);
            await run.WaitForExitAsync(CancellationToken.None);
            throw;
        }
    }

    private static string Text(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    /// <summary>Polls until <paramref name="probe"/> finds something (a real process on the real clock), bounded by <paramref name="ct"/>; a timeout shows the process's log.</summary>
    private static async Task<T> Eventually<T>(Func<Task<T?>> probe, StringBuilder log, CancellationToken ct)
        where T : class
    {
        while (true)
        {
            try
            {
                if (await probe() is { } found)
                {
                    return found;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"run did not get there in time; its log:\n{Text(log)}");
            }
        }
    }
}
