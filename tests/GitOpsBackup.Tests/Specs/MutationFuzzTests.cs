using GitOpsBackup.Cli.Formatting;
using GitOpsBackup.Rendering;
using GitOpsBackup.Source;
using GitOpsBackup.Specs;
using GitOpsBackup.Specs.Model;
using GitOpsBackup.Tests.Fixtures;
using Xunit.Abstractions;

namespace GitOpsBackup.Tests.Specs;

/// <summary>
/// A bounded mutation fuzz of the whole offline path: a few thousand repos, each sample-repo with one spec
/// file mutated (<see cref="SpecMutator"/>, fixed seed), fed through load → validate (every output format)
/// → render in-process. No exception escapes, every finding has a place, user text never reaches the
/// output raw, the apps in unmutated files still load and render, and each case stays within an
/// allocation budget (counted, not timed).
/// </summary>
public sealed class MutationFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 15;
    private const int Cases = 2000;

    /// <summary>Allocations one case may make; a sample-repo pass takes a few MiB, an unbounded expansion gigabytes.</summary>
    private const long MaxAllocatedPerCase = 192L << 20;

    private static readonly string[] RepoWide = ["defaults-missing", "one-per-repo", "duplicate-app", "render-defaults"];

    [Fact]
    public void MutatedSampleRepos_NeverThrow_EveryFindingHasAPlace_AndStayBounded()
    {
        var files = new DirectoryRepoTree(CheckoutPaths.SampleRepo).EnumerateFiles().ToDictionary(f => f.Path, f => f.ReadAllBytes(), StringComparer.Ordinal);
        var specFiles = Targets(files, "backup.homelab.dev/");
        var otherFiles = Targets(files, "kustomize.").Except(specFiles).ToList();
        var loader = new SpecLoader();
        var baseline = loader.Load(Tree(files, null, []));
        Findings.NoErrors(baseline);
        var rendered = new Renders(baseline);
        var random = new Random(Seed);
        long maxAllocated = 0;
        var withErrors = 0;

        for (var i = 0; i < Cases; i++)
        {
            // Mostly the specs themselves; now and then the Flux and kustomize files that place them.
            var target = random.Next(4) == 0 ? otherFiles[random.Next(otherFiles.Count)] : specFiles[random.Next(specFiles.Count)];
            var (bytes, mutation) = SpecMutator.Mutate(random, files[target]);
            var what = $"case {i} ({mutation} of {target})";
            var before = GC.GetAllocatedBytesForCurrentThread();

            var (specs, result, renderedApps) = Run(loader, Tree(files, target, bytes), path => path == target ? bytes : files[path], rendered, what);

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            maxAllocated = Math.Max(maxAllocated, allocated);
            Assert.True(allocated < MaxAllocatedPerCase, $"{what}: allocated {allocated >> 20} MiB");
            var findings = specs.Diagnostics.Concat(result.Diagnostics).ToList();
            Assert.All(findings, d => Assert.True(d.Location.File.Length > 0 && d.Location.Line >= 1 && d.Location.Column >= 1, $"{what}: no place for {d}"));
            withErrors += findings.Any(d => d.Severity == Severity.Error) ? 1 : 0;

            // An error in one app's file is that app's: every app of another file still loads and renders.
            if (baseline.Apps.Any(a => a.Location.File == target) && !findings.Any(d => RepoWide.Contains(d.Code)))
            {
                foreach (var app in baseline.Apps.Where(a => a.Location.File != target))
                {
                    Assert.True(specs.Apps.Any(a => a.Key == app.Key && a.Location == app.Location) && renderedApps.Contains(app.Key), $"{what}: {app.Key} was not loaded and rendered");
                }
            }
        }

        output.WriteLine($"{Cases} mutated repos tried (seed {Seed}): {withErrors} with errors; at most {maxAllocated >> 20} MiB allocated by one case");
    }

    private static (SpecSet Specs, RenderResult Rendered, HashSet<AppKey> RenderedApps) Run(
        SpecLoader loader, InMemoryRepoTree tree, Func<string, byte[]> file, Renders renders, string what)
    {
        try
        {
            var specs = loader.Load(tree);
            foreach (var format in Enum.GetValues<DiagnosticFormat>())
            {
                using var writer = new StringWriter();
                DiagnosticWriter.Write(writer, specs, format, ".");
                var printed = writer.ToString();
                Assert.True(printed.AsSpan().IndexOfAny(Unprintable) < 0, $"{what}: a raw control character in --format {format}");
                if (format == DiagnosticFormat.Github)
                {
                    Assert.All(printed.TrimEnd('\n').Split('\n')[..^1], l => Assert.Matches("^::(error|warning) file=", l));
                }
            }

            var rendered = renders.Render(specs, file, out var renderedApps);
            return (specs, rendered, renderedApps);
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException($"{what}: {ex}");
        }
    }

    private static List<string> Targets(Dictionary<string, byte[]> files, string marker) =>
        files.Keys.Where(p => System.Text.Encoding.UTF8.GetString(files[p]).Contains(marker, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

    // Everything but the newline that ends each printed line.
    private static readonly System.Buffers.SearchValues<char> Unprintable = System.Buffers.SearchValues.Create(
        Enumerable.Range(0, 0x2070).Select(c => (char)c).Where(c => c != '\n' && PrintableText.Escape(c.ToString()) != c.ToString()).ToArray());

    private static InMemoryRepoTree Tree(Dictionary<string, byte[]> files, string? target, byte[] mutated)
    {
        var tree = new InMemoryRepoTree();
        foreach (var (path, bytes) in files)
        {
            tree.Add(path, path == target ? mutated : bytes);
        }

        return tree;
    }

    /// <summary>
    /// Renders what a case changed. The renderer is pure and each app independent (tested elsewhere): an app
    /// whose file bytes and namespace are those of one rendered before, with the sample's defaults, renders
    /// the same again, so only new ones are rendered; the YAML serialization each object's spec hash needs
    /// would otherwise make every case some 40 ms. Other defaults render everything.
    /// </summary>
    private sealed class Renders(SpecSet baseline)
    {
        private readonly HashSet<string> _done = new(StringComparer.Ordinal);

        public RenderResult Render(SpecSet specs, Func<string, byte[]> file, out HashSet<AppKey> rendered)
        {
            var keys = specs.Apps.ToDictionary(a => a, a => Key(a.Location, file(a.Location.File), a.Namespace));
            var sameDefaults = Equals(specs.Defaults, baseline.Defaults);
            var fresh = !sameDefaults ? specs : specs with
            {
                Apps = specs.Apps.Where(a => !_done.Contains(keys[a])).ToList(),
                ExternalClone = specs.ExternalClone is { } external && _done.Contains(Key(external.Location, file(external.Location.File), external.Namespace)) ? null : specs.ExternalClone,
            };
            var result = BackupRenderer.Render(new RenderInput(fresh, ClusterFacts.Unknown, "fuzz"));
            if (result.CloneJob is { } clone)
            {
                // Every object was serialized for its spec hash; the clone Job of a cycle is made here.
                _ = RenderedYaml.Serialize(clone.ForCycle(new DateOnly(2026, 11, 28)));
            }

            var now = fresh.Apps.Where(a => result.Objects.Any(o => o.App == a.Key)).ToList();
            if (sameDefaults)
            {
                _done.UnionWith(now.Select(a => keys[a]));
                if (result.CloneJob is not null)
                {
                    _done.Add(Key(fresh.ExternalClone!.Location, file(fresh.ExternalClone.Location.File), fresh.ExternalClone.Namespace));
                }
            }

            rendered = specs.Apps.Where(a => now.Contains(a) || (sameDefaults && _done.Contains(keys[a]))).Select(a => a.Key).ToHashSet();
            return result;
        }

        // Where the spec starts, what its file holds, and the namespace it was placed in: all a render depends on here.
        private static string Key(SourceLocation at, byte[] bytes, string ns) =>
            $"{at}\0{ns}\0{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes))}";
    }
}
