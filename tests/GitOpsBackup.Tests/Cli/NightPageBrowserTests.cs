using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GitOpsBackup.Tests.Fixtures;
using Xunit.Abstractions;

namespace GitOpsBackup.Tests.Cli;

/// <summary>
/// The page of <c>demo --html</c> in a real browser: the sample night played by the real CLI (a child
/// process, as <c>make run</c> does), then opened in headless Chromium. The DOM holds every app, one
/// lane per node that ran a backup, the clone's lane; the page asks for nothing outside itself.
/// Screenshots at desktop and phone width are kept in tests/GitOpsBackup.Tests/TestResults/night-page/.
/// </summary>
public sealed partial class NightPageBrowserTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] SampleApps = ["immich/immich", "nextcloud/nextcloud", "paperless/paperless", "vaultwarden/vaultwarden"];

    private readonly string _scratch = Directory.CreateTempSubdirectory("gitops-backup-night-page-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task DemoHtml_InChromium_HasEveryApp_OneLanePerNode_TheClone_AndNoExternalRequest()
    {
        var page = Path.Combine(_scratch, "night.html");
        var events = Path.Combine(_scratch, "events.jsonl");
        var demo = await ProcessRunner.RunAsync(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "gitops-backup.dll"), "demo", CheckoutPaths.SampleRepo, "--speed", "3000", "--events", events, "--html", page],
            new Dictionary<string, string> { ["HOME"] = _scratch, ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" },
            TimeSpan.FromMinutes(2));
        Assert.True(demo.ExitCode == 0, demo.ToString());
        Assert.Contains($"Night page: {page}", demo.Stderr, StringComparison.Ordinal);

        // Nothing in the file that a browser would fetch: no URL at all, no script, stylesheet link or import.
        var html = await File.ReadAllTextAsync(page);
        Assert.DoesNotMatch("(?i)https?:|//[a-z0-9.-]+\\.[a-z]{2,}/|<script|<link|@import|url\\(|src=|href=", html);

        var artifacts = Directory.CreateDirectory(Path.Combine(CheckoutPaths.Root, "tests", "GitOpsBackup.Tests", "TestResults", "night-page")).FullName;
        File.Copy(page, Path.Combine(artifacts, "night.html"), overwrite: true);
        var desktop = Path.Combine(artifacts, "night-desktop-1280x900.png");
        var phone = Path.Combine(artifacts, "night-phone-390x844.png");
        var dom = HeadlessChromium.DumpDomAsync(page, _scratch);
        await Task.WhenAll(
            dom,
            HeadlessChromium.ScreenshotAsync(page, desktop, 1280, 900, _scratch),
            HeadlessChromium.ScreenshotAsync(page, phone, 390, 844, _scratch));
        output.WriteLine($"screenshots: {desktop}, {phone}");

        var loaded = await dom;
        Assert.Equal(SampleApps, TableApps().Matches(loaded).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal));
        Assert.All(SampleApps, app => Assert.Contains($"data-app=\"{app}\" data-job=", loaded, StringComparison.Ordinal)); // a bar per app

        // One lane per node that admitted a backup tonight, each once.
        var admitted = File.ReadAllLines(events).Select(l => JsonNode.Parse(l)!).Where(e => (string?)e["type"] == "admit").Select(e => (string)e["node"]!).Distinct().Order(StringComparer.Ordinal);
        var lanes = Lanes().Matches(loaded).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(admitted, lanes.Order(StringComparer.Ordinal));
        Assert.Equal(lanes.Count, lanes.Distinct().Count());

        Assert.Single(Regex.Matches(loaded, "<g class=\"lane clone\" data-row=\"clone\">"));
        Assert.Matches("data-job=\"external-clone-\\d{8}\" data-outcome=\"ok\"", loaded);
        Assert.Contains("cycle start", loaded, StringComparison.Ordinal);
        Assert.Contains("latest start", loaded, StringComparison.Ordinal);
        Assert.DoesNotMatch("(?i)<script|<img|<iframe|<link|src=|href=", loaded); // nor did the browser add any
    }

    [GeneratedRegex("<tr data-app=\"([^\"]+)\"")]
    private static partial Regex TableApps();

    [GeneratedRegex("<g class=\"lane\" data-node=\"([^\"]+)\">")]
    private static partial Regex Lanes();
}
