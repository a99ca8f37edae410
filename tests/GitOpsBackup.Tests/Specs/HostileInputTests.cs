using System.Text;
using GitOpsBackup.Specs;
using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Tests.Specs;

/// <summary>
/// Hostile input gets an error with its place, never an exception, within bounds set by limits
/// (depth, node count with alias expansion, file size) rather than by timing.
/// </summary>
public sealed class HostileInputTests
{
    private const string File = "apps/app/backup.yaml";

    private static SpecSet LoadFile(byte[] bytes, SpecLoaderOptions? options = null) =>
        Findings.Load(new InMemoryRepoTree().Add("defaults.yaml", SpecTexts.Defaults).Add(File, bytes), options);

    private static SpecSet LoadFile(string text, SpecLoaderOptions? options = null) => LoadFile(Encoding.UTF8.GetBytes(text), options);

    [Fact]
    public void Rejects_AliasBomb_ByCountingExpansions()
    {
        // Billion laughs: each level multiplies by 10; 9 levels would be 10^9 nodes.
        var text = new StringBuilder("apiVersion: backup.homelab.dev/v1alpha1\nkind: HomelabBackup\nspec:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 9; i++)
        {
            text.Append("  a" + i + ": &a" + i + " [").Append(string.Join(", ", Enumerable.Repeat("*a" + (i - 1), 10))).Append("]\n");
        }

        var set = LoadFile(text.ToString());

        var error = Findings.Single(set, "yaml-limit", File, 9, 12, "the file expands to more than 200000 YAML nodes (alias expansion counted)");
        Assert.Contains("billion laughs", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_SmallAliases_AsRealManifestsUseThem()
    {
        var text = SpecTexts.App("  backupBucket: &bucket app-backup\n  volumes:\n    - name: data\n    - name: *bucket\n      external: true");
        var set = Findings.Load(SpecTexts.Repo(text));
        Findings.NoErrors(set);
        Assert.Equal("app-backup", Assert.Single(set.Apps).Volumes[1].Name);
    }

    [Fact]
    public void Rejects_DeepNesting_AtTheLimit()
    {
        var text = "apiVersion: backup.homelab.dev/v1alpha1\nkind: HomelabBackup\nspec: " + new string('[', 10_000) + new string(']', 10_000) + "\n";

        var set = LoadFile(text);

        Findings.Single(set, "yaml-limit", File, 3, 70, "nesting deeper than 64 levels");
    }

    [Fact]
    public void Rejects_DeepBlockNesting_AtTheLimit()
    {
        var text = new StringBuilder("apiVersion: backup.homelab.dev/v1alpha1\nkind: HomelabBackup\n");
        for (var i = 0; i < 100; i++)
        {
            text.Append(new string(' ', i)).Append("a:\n");
        }

        text.Append(new string(' ', 100)).Append("b: 1\n");

        var set = LoadFile(text.ToString());

        Findings.Single(set, "yaml-limit", File, 67, 65, "nesting deeper than 64 levels");
    }

    private static string Nest(string inner, int levels) => new string('[', levels) + inner + new string(']', levels);

    private const string Header = "apiVersion: backup.homelab.dev/v1alpha1\nkind: HomelabBackup\nspec:\n";

    public static TheoryData<string, string, int, int> AliasesPastTheDepthLimit => new()
    {
        // what, spec body (lines from 4), line and column of the alias that goes too deep
        { "the probe's: 40 levels anchored, used 30 levels down", $"  x: &a {Nest("1", 40)}\n  y: {Nest("*a", 30)}\n", 5, 36 },
        { "an anchored block mapping used in a deep flow list", "  x: &a\n" + string.Concat(Enumerable.Range(0, 40).Select(i => new string(' ', 4 + (2 * i)) + "k:\n")) + new string(' ', 84) + "v: 1\n" + $"  y: {Nest("*a", 30)}\n", 46, 36 },
        { "an alias of an alias", $"  x: &a {Nest("1", 30)}\n  y: &b {Nest("*a", 20)}\n  z: {Nest("*b", 20)}\n", 6, 26 },
        { "one level too many", $"  x: &a {Nest("1", 32)}\n  y: {Nest("*a", 31)}\n", 5, 37 },
    };

    [Theory]
    [MemberData(nameof(AliasesPastTheDepthLimit))]
    public void Rejects_AliasThatDeepensNesting_PastTheLimit_AtTheAlias(string what, string body, int line, int column)
    {
        var set = LoadFile(Header + body);

        var error = Findings.Single(set, "yaml-limit", File, line, column, "nesting deeper than 64 levels");
        Assert.True(error.Severity == Severity.Error, what);
    }

    [Fact]
    public void Accepts_AliasThatFits_UnderTheDepthLimit()
    {
        // root mapping (1) + spec (1) + 31 levels around an alias of 31 levels = 64: at the limit, not past it.
        var set = LoadFile(Header + $"  x: &a {Nest("1", 31)}\n  y: {Nest("*a", 31)}\n");

        Assert.DoesNotContain(set.Diagnostics, d => d.Code is "yaml-limit" or "yaml");
        Assert.Contains(set.Diagnostics, d => d.Code == "unknown-field");
    }

    [Fact]
    public void DeepAliasInOneApp_LeavesTheOtherAppsLoaded()
    {
        var tree = SpecTexts.Repo(SpecTexts.App(SpecTexts.MinimalBody))
            .Add("apps/bad/backup.yaml", SpecTexts.App($"  x: &a {Nest("1", 40)}\n  y: {Nest("*a", 30)}", name: "bad"));

        var set = Findings.Load(tree);

        Findings.Single(set, "yaml-limit", "apps/bad/backup.yaml", 10, 36, "nesting deeper than 64 levels");
        Assert.Equal("app", Assert.Single(set.Apps).Name);
    }

    public static TheoryData<string, string, int, int> ExpansionsPastTheCharacterLimit => new()
    {
        // what, spec body, line and column where the limit is crossed
        // (the 15th alias brings the total past 16 MiB; "  y: [" is 6 characters, each alias 4 more; under the
        // long key, the 162nd value's pointer does; "  : [" is 5 characters, each value 3 more)
        { "a 1 MiB value repeated through aliases", "  x: &s \"" + new string('v', 1 << 20) + "\"\n  y: [" + string.Join(", ", Enumerable.Repeat("*s", 20)) + "]\n", 5, 7 + (4 * 14) },
        { "many values under a 100 KiB key (an explicit key: implicit ones stop at 1024 characters)", "  ? " + new string('k', 100 << 10) + "\n  : [" + string.Join(", ", Enumerable.Repeat("1", 200)) + "]\n", 5, 6 + (3 * 161) },
        // (each alias costs the key, and its 64 KiB again in each of the five pointers below it)
        { "a long-keyed mapping repeated through aliases", "  x: &m {" + new string('k', 64 << 10) + ": [1, 1, 1, 1]}\n  y: [" + string.Join(", ", Enumerable.Repeat("*m", 100)) + "]\n", 5, 7 + (4 * 41) },
    };

    [Theory]
    [MemberData(nameof(ExpansionsPastTheCharacterLimit))]
    public void Rejects_ExpansionPastTheCharacterLimit(string what, string body, int line, int column)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();

        var set = LoadFile(Header + body);

        Findings.Single(set, "yaml-limit", File, line, column, "the file expands to more than 16777216 characters of keys and values (alias expansion counted)");
        // Refused before validation copies it: far less than the expansion (gigabytes of pointers or JSON) would cost.
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 256L << 20, what);
    }

    [Fact]
    public void Rejects_FileOverTheSizeCap_WithoutReadingIt()
    {
        var bytes = Encoding.UTF8.GetBytes(SpecTexts.App(SpecTexts.MinimalBody) + "\n# " + new string('x', 5000) + "\n");
        var read = 0;
        var tree = new CountingTree(new RepoFile(File, "id", bytes.Length, () => { read++; return bytes; }));

        var set = Findings.Load(tree, new SpecLoaderOptions { MaxFileBytes = 4096 });

        var error = Findings.Single(set, "file-size", File, 1, 1, $"file is {bytes.Length} bytes, over the 4096-byte limit; it was not read");
        Assert.Contains(".sourceignore", error.Hint, StringComparison.Ordinal);
        Assert.Equal(0, read);
    }

    [Fact]
    public void Rejects_InvalidUtf8_AtItsLineAndColumn()
    {
        var bytes = Encoding.UTF8.GetBytes("apiVersion: backup.homelab.dev/v1alpha1\nkind: HomelabBackup\nmetadata:\n  name: caf")
            .Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\n")).ToArray();

        var set = LoadFile(bytes);

        var error = Findings.Single(set, "encoding", File, 4, 12, "invalid UTF-8 (byte 0xC3 at offset 81)");
        Assert.Contains("UTF-8", error.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  backupBucket: *nowhere\n", 9, 17, "alias '*nowhere' names no anchor defined before it", "define the anchor")]
    [InlineData("  x: &s [*s]\n", 9, 10, "alias '*s' names no anchor defined before it", "an anchor cannot contain itself")]
    [InlineData("  ? [a, b]\n  : x\n", 9, 5, "a mapping key must be a plain value", "plain name")]
    public void YamlStructureErrors_ComeWithAFix(string body, int line, int column, string message, string fix)
    {
        // Found by the hostile campaign (tests/GitOpsBackup.Fuzz): these were errors without a hint.
        var set = LoadFile(Header.Replace("spec:\n", "metadata: {name: app, namespace: apps}\nspec:\n", StringComparison.Ordinal) + "\n\n\n\n" + body);

        var error = Findings.Single(set, "yaml", File, line, column, message);
        Assert.Contains(fix, error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_DuplicateKeys_AtTheSecondKey()
    {
        var set = Findings.Load(SpecTexts.Repo(SpecTexts.App("  backupBucket: app-backup\n  volumes:\n    - name: data\n  backupBucket: other-backup")));

        var error = Findings.Single(set, "duplicate-key", File, 12, 3, "duplicate key 'backupBucket'");
        Assert.Contains("keep one", error.Hint, StringComparison.Ordinal);
        Assert.Empty(set.Apps);
    }

    [Theory]
    [InlineData("on")]
    [InlineData("y")]
    [InlineData("no")]
    [InlineData("off")]
    [InlineData("yes")]
    [InlineData("N")]
    public void Rejects_BareYaml11Boolean_WhereAStringIsExpected(string word)
    {
        var set = Findings.Load(SpecTexts.Repo(SpecTexts.App($"  backupBucket: app-backup\n  volumes:\n    - name: {word}")));

        var error = Findings.Single(set, "yaml11-boolean", File, 11, 13, "spec.volumes[0].name must be a string, but the bare value is read as a boolean by YAML 1.1 tools");
        Assert.Contains("quote it", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_QuotedYaml11Word_AsAString()
    {
        var set = Findings.Load(SpecTexts.Repo(SpecTexts.App("  backupBucket: app-backup\n  volumes:\n    - name: \"on\"")));
        Assert.Equal("on", Assert.Single(set.Apps).Volumes[0].Name);
    }

    [Fact]
    public void Rejects_TabIndentation_AtTheTab()
    {
        var set = Findings.Load(SpecTexts.Repo(SpecTexts.App("  backupBucket: app-backup\n  volumes:\n\t- name: data")));

        var error = Findings.Single(set, "yaml", File, 11, 1, "tab character in indentation");
        Assert.Contains("spaces", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_BrokenYamlSyntax_WithThePlace_AndNoParserNoise()
    {
        var set = Findings.Load(SpecTexts.Repo(SpecTexts.App("  backupBucket: [app-backup\n  volumes: {")));

        var error = Assert.Single(set.Diagnostics, d => d.Code == "yaml");
        Assert.Equal(File, error.Location.File);
        Assert.True(error.Location.Line >= 9, error.ToString());
        Assert.DoesNotContain("Line:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("- apiVersion: backup.homelab.dev/v1alpha1\n  kind: HomelabBackup\n", "a list")]
    [InlineData("backup.homelab.dev/v1alpha1\n", "a single value")]
    public void Rejects_SpecThatIsAListOrScalar(string text, string what)
    {
        var set = LoadFile(text);
        Findings.Single(set, "document", File, 1, 1, $"a YAML document here is {what}, not a Kubernetes-style object");
    }

    [Fact]
    public void Ignores_BrokenFiles_ThatHoldNoBackupSpec()
    {
        var tree = SpecTexts.Repo(SpecTexts.App(SpecTexts.MinimalBody))
            .Add("apps/app/values.yaml", "key: [unclosed\n\tbad: tab\n")
            .Add("charts/x/templates/cm.yaml", "{{- if .Values.x }}\nkind: ConfigMap\n{{- end }}\n");

        var set = Findings.Load(tree);

        Findings.NoErrors(set);
        Assert.Single(set.Apps);
    }

    [Fact]
    public void NeverThrows_OnAnyTruncationOrByteFlip_OfARealSpec()
    {
        // Every prefix, and every position turned into a quote, bracket or tab: the loader reports, never throws.
        var text = SpecTexts.App("  backupBucket: app-backup\n  schedule: \"H H(1-4) * * *\"\n  volumes:\n    - name: data\n    - {name: b-bucket, external: true}\n  retention: {daily: 7}");
        var loader = new SpecLoader();
        for (var i = 0; i < text.Length; i++)
        {
            foreach (var variant in new[] { text[..i], text[..i] + "\"" + text[(i + 1)..], text[..i] + "[" + text[(i + 1)..], text[..i] + "\t" + text[(i + 1)..] })
            {
                var set = loader.Load(new InMemoryRepoTree().Add("defaults.yaml", SpecTexts.Defaults).Add(File, variant));
                Assert.All(set.Diagnostics, d => Assert.DoesNotContain("   at ", d.Message, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void UnreadableFile_IsAnError_NotAnException()
    {
        var tree = new CountingTree(new RepoFile(File, "id", 10, () => throw new UnauthorizedAccessException("Access to the path is denied.")));

        var set = Findings.Load(tree);

        Findings.Single(set, "file-read", File, 1, 1, "cannot read the file: Access to the path is denied.");
    }

    private sealed class CountingTree(RepoFile file) : IRepoTree
    {
        public IEnumerable<RepoFile> EnumerateFiles() => [file];
    }
}
