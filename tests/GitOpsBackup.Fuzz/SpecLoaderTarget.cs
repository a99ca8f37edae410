using CsCheck;
using GitOpsBackup.Specs;
using GitOpsBackup.Specs.Checks;
using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Fuzz;

/// <summary>
/// The spec loader (YAML reader, schema, rules, cross-file steps) over an in-memory tree: every input ends in
/// a loaded app or findings that each have a place (file, line, column) and a message; what loads is
/// nameable in Kubernetes.
/// </summary>
internal sealed class SpecLoaderTarget : FuzzTarget
{
    private readonly SpecLoader _loader = new();

    public override string Name => "spec";

    public override Gen<byte[]> Inputs => NastyYaml.Spec;

    protected override void Check(ReadOnlySpan<byte> input)
    {
        var files = RepoArchive.Unpack(input);
        if (!files.Values.Any(f => f.AsSpan().IndexOf("kind: BackupDefaults"u8) >= 0))
        {
            files.TryAdd(Seeds.DefaultsPath, Seeds.Defaults);
        }

        // One loader for the whole campaign, as `run` keeps one: unchanged files (the defaults) come from its cache.
        var set = _loader.Load(RepoArchive.Tree(files));
        CheckFindings(set, files);
    }

    /// <summary>The promises every load keeps, whatever the input (shared with the namespace target).</summary>
    public static void CheckFindings(SpecSet set, SortedDictionary<string, byte[]> files)
    {
        foreach (var d in set.Diagnostics)
        {
            Require(d.Location.File == "." || files.ContainsKey(d.Location.File), $"finding in a file that is not in the tree: {d}");
            Require(d.Location.Line >= 1 && d.Location.Column >= 1, $"finding without a line and column: {d}");
            Require(d.Message.Length > 0 && d.Code.Length > 0, $"finding without a code or message: {d}");
            Require(d.Severity != Severity.Error || !string.IsNullOrWhiteSpace(d.Hint), $"error without a fix: {d}");
            Require(!d.Message.Contains("   at ", StringComparison.Ordinal), $"a stack trace in a finding: {d}");
        }

        foreach (var app in set.Apps)
        {
            Require(Names.LabelError(app.Name) is null && Names.LabelError(app.Namespace) is null, $"app loaded with a name Kubernetes refuses: {app.Namespace}/{app.Name}");
        }
    }
}
