using System.Text.Json;
using GitOpsBackup.Specs;
using GitOpsBackup.Tests.Fixtures;
using GitOpsBackup.Tests.Specs;

namespace GitOpsBackup.Tests.Cli;

public sealed class ValidateCommandTests
{
    private static TempDirectory BrokenRepo()
    {
        var dir = new TempDirectory();
        dir.Write("defaults.yaml", SpecTexts.Defaults);
        dir.Write("apps/app/pvc.yaml", SpecTexts.Pvc);
        dir.Write("apps/app/backup.yaml", SpecTexts.App("  backupBucket: ab\n  volumes:\n    - name: data"));
        return dir;
    }

    [Fact]
    public async Task SampleRepo_IsValid_ExitZero()
    {
        var (exit, output, error) = await CliRunner.RunAsync("validate", CheckoutPaths.SampleRepo);

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Equal("valid: 4 valid apps, 1 BackupDefaults, 1 ExternalClone; 0 warnings", output.Trim());
    }

    [Fact]
    public async Task InvalidRepo_Text_PrintsFileLineColumn_Hint_AndSummary_ExitOne()
    {
        using var dir = BrokenRepo();

        var (exit, output, _) = await CliRunner.RunAsync("validate", dir.Path);

        Assert.Equal(1, exit);
        var lines = output.TrimEnd().Split('\n');
        Assert.Equal("apps/app/backup.yaml:9:17: error: spec.backupBucket: bucket name 'ab' must be 3 to 63 characters long (it has 2)", lines[0]);
        Assert.StartsWith("    hint: S3 bucket names", lines[1], StringComparison.Ordinal);
        Assert.Equal("invalid: 1 error, 0 warnings in 1 file; 0 valid apps, 1 BackupDefaults, no ExternalClone", lines[^1]);
    }

    [Fact]
    public async Task Json_IsAStableObject()
    {
        using var dir = BrokenRepo();

        var (exit, output, _) = await CliRunner.RunAsync("validate", dir.Path, "--format", "json");

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        Assert.False(json.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(1, json.RootElement.GetProperty("errors").GetInt32());
        var diagnostic = Assert.Single(json.RootElement.GetProperty("diagnostics").EnumerateArray());
        Assert.Equal("error", diagnostic.GetProperty("severity").GetString());
        Assert.Equal("bucket", diagnostic.GetProperty("code").GetString());
        Assert.Equal("apps/app/backup.yaml", diagnostic.GetProperty("file").GetString());
        Assert.Equal(9, diagnostic.GetProperty("line").GetInt32());
        Assert.Equal(17, diagnostic.GetProperty("column").GetInt32());
        Assert.StartsWith("S3 bucket names", diagnostic.GetProperty("hint").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Github_PrintsWorkflowAnnotations_WithThePathPrefixed()
    {
        using var dir = BrokenRepo();

        var (exit, output, _) = await CliRunner.RunAsync("validate", dir.Path, "--format", "github");

        Assert.Equal(1, exit);
        var first = output.Split('\n')[0];
        Assert.StartsWith($"::error file={dir.Path}/apps/app/backup.yaml,line=9,col=17,title=bucket::spec.backupBucket: bucket name 'ab'", first, StringComparison.Ordinal);
        Assert.Contains("%0Ahint: S3 bucket names", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WarningsOnly_ExitZero()
    {
        using var dir = new TempDirectory();
        dir.Write("defaults.yaml", SpecTexts.Defaults);
        dir.Write("apps/app/backup.yaml", SpecTexts.App(SpecTexts.MinimalBody)); // no PVC manifest: a warning

        var (exit, output, _) = await CliRunner.RunAsync("validate", dir.Path);

        Assert.Equal(0, exit);
        Assert.Contains("apps/app/backup.yaml:11:7: warning: no PersistentVolumeClaim 'data'", output, StringComparison.Ordinal);
        Assert.EndsWith("valid: 1 valid app, 1 BackupDefaults, no ExternalClone; 1 warning", output.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingPath_IsAnIoError_ExitTwo()
    {
        var missing = Path.Combine(Path.GetTempPath(), "gob-missing-" + Guid.NewGuid().ToString("N"));

        var (exit, output, error) = await CliRunner.RunAsync("validate", missing);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal($"error: {missing}: no such directory", error.Trim());
    }

    private static readonly System.Buffers.SearchValues<char> Raw = System.Buffers.SearchValues.Create("\u001b\r\u0085\u009b\u2028\u202e\0");

    public static TheoryData<string, string, string, string, string> Injections()
    {
        // name, file, spec body (or a whole file), the raw text the finding carries, format
        var cases = new (string Name, string File, string Text, string Carried)[]
        {
            ("newline in a quoted key", "apps/app/backup.yaml", SpecTexts.App(SpecTexts.MinimalBody + "\n  \"x\\n::error file=.github/workflows/ci.yml,line=1::owned\": 1"), "x\n::error file=.github/workflows/ci.yml,line=1::owned"),
            ("carriage return in a quoted key", "apps/app/backup.yaml", SpecTexts.App(SpecTexts.MinimalBody + "\n  \"x\\r::warning::owned\": 1"), "x\r::warning::owned"),
            ("ESC in a value", "apps/app/backup.yaml", SpecTexts.App("  backupBucket: \"\\e[31mred\\e[0m\"\n  volumes:\n    - name: data"), "\u001b[31mred\u001b[0m"),
            ("C1 control and separators in a value", "apps/app/backup.yaml", SpecTexts.App("  backupBucket: \"a\\x9b2J\\N\\L\\P\"\n  volumes:\n    - name: data"), "a\u009b2J\u0085\u2028\u2029"),
            ("bidi override in a value", "apps/app/backup.yaml", SpecTexts.App("  backupBucket: \"abc\\u202Eevil\"\n  volumes:\n    - name: data"), "abc\u202eevil"),
            ("newline in a file name", "apps/x\n::error file=a,line=1::owned/backup.yaml", SpecTexts.App("  backupBucket: ab\n  volumes:\n    - name: data", name: "x"), "apps/x\n::error file=a,line=1::owned/backup.yaml"),
        };
        var data = new TheoryData<string, string, string, string, string>();
        foreach (var (name, file, text, carried) in cases)
        {
            foreach (var format in new[] { "text", "github", "json" })
            {
                data.Add(name, file, text, carried, format);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Injections))]
    public async Task UserText_IsEscaped_InEveryFormat(string name, string file, string text, string carried, string format)
    {
        using var dir = new TempDirectory();
        dir.Write("defaults.yaml", SpecTexts.Defaults);
        dir.Write("apps/good/backup.yaml", SpecTexts.App(SpecTexts.MinimalBody, name: "good", ns: "good"));
        dir.Write(file, text);

        var (exit, output, _) = await CliRunner.RunAsync("validate", dir.Path, "--format", format);

        Assert.Equal(1, exit);
        Assert.True(output.AsSpan().IndexOfAny(Raw) < 0, $"{name} ({format}): a raw control character reached the output:\n{output}");
        var lines = output.TrimEnd('\n').Split('\n');
        switch (format)
        {
            case "text":
                // Every line is a finding (it starts with a path), a hint, or the summary: none was added.
                Assert.All(lines[..^1], l => Assert.True(l.StartsWith("apps/", StringComparison.Ordinal) || l.StartsWith("    hint: ", StringComparison.Ordinal), $"{name}: {l}"));
                Assert.Contains(PrintableText.Escape(carried), output, StringComparison.Ordinal);
                break;
            case "github":
                // One workflow command per finding, and nothing else that GitHub would read as one.
                Assert.All(lines[..^1], l => Assert.Matches("^::(error|warning) file=[^:,]*,line=[0-9]+,col=[0-9]+,title=[^:,]*::[^\r\n]*$", l));
                break;
            default:
                // The serializer escapes; the parsed message holds the text exactly as written.
                using (var json = JsonDocument.Parse(output))
                {
                    var texts = json.RootElement.GetProperty("diagnostics").EnumerateArray()
                        .SelectMany(d => new[] { d.GetProperty("message").GetString(), d.GetProperty("file").GetString() });
                    Assert.Contains(texts, t => t!.Contains(carried, StringComparison.Ordinal));
                }

                break;
        }
    }

    [Fact]
    public async Task UnknownFormat_IsAUsageError_ExitTwo()
    {
        var (exit, _, error) = await CliRunner.RunAsync("validate", CheckoutPaths.SampleRepo, "--format", "xml");

        Assert.Equal(2, exit);
        Assert.Contains("'xml'", error, StringComparison.Ordinal);
    }
}
