namespace GitOpsBackup.Tests.Fixtures;

/// <summary>
/// Debian's <c>chromium</c>, headless, one run per call (dump the DOM, or take a screenshot), each with
/// its own throw-away profile so that parallel runs never share one; a run that hangs is killed with
/// its process tree after a minute. A page is a file or a URL on 127.0.0.1 (a server the test started).
/// </summary>
internal static class HeadlessChromium
{
    public static string Executable { get; } =
        ProcessRunner.PlainPath.Split(':').Select(d => Path.Combine(d, "chromium")).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("chromium not found on PATH: run tests/tools/install-deps.sh (apt-get install chromium)");

    /// <summary>The DOM after the page loaded, as chromium serialises it.</summary>
    public static Task<string> DumpDomAsync(string file, string scratch) => DumpDomAsync(new Uri(file), scratch);

    /// <inheritdoc cref="DumpDomAsync(string, string)"/>
    public static async Task<string> DumpDomAsync(Uri page, string scratch)
    {
        var result = await RunAsync(scratch, "dom", page, "--dump-dom");
        return result.Stdout;
    }

    /// <summary>A PNG of the page in a window of <paramref name="width"/> × <paramref name="height"/> CSS pixels.</summary>
    public static Task ScreenshotAsync(string file, string png, int width, int height, string scratch) => ScreenshotAsync(new Uri(file), png, width, height, scratch);

    /// <inheritdoc cref="ScreenshotAsync(string, string, int, int, string)"/>
    public static async Task ScreenshotAsync(Uri page, string png, int width, int height, string scratch)
    {
        await RunAsync(scratch, Path.GetFileNameWithoutExtension(png), page, $"--screenshot={png}", $"--window-size={width},{height}");
        Assert.True(File.Exists(png) && new FileInfo(png).Length > 1000, $"chromium wrote no screenshot {png}");
    }

    private static async Task<ProcessResult> RunAsync(string scratch, string name, Uri page, params string[] args)
    {
        Assert.True(page.IsFile || page.Host == "127.0.0.1", $"{page}: only files and servers on 127.0.0.1 are opened");
        var profile = Directory.CreateDirectory(Path.Combine(scratch, "chromium-" + name)).FullName;
        string[] flags =
        [
            "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-extensions", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}",
            // Any name lookup fails: a page that tried to fetch something would show it broken, never load it.
            // The rule covers IP literals too: a page served by the test's own server needs 127.0.0.1 excluded.
            "--host-resolver-rules=MAP * ~NOTFOUND" + (page.IsFile ? "" : ", EXCLUDE 127.0.0.1"),
        ];
        var result = await ProcessRunner.RunAsync(Executable, [.. flags, .. args, page.AbsoluteUri], new Dictionary<string, string> { ["HOME"] = profile }, TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, $"chromium failed\n{result}");
        return result;
    }
}
