using GitOpsBackup.Specs;
using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Tests.Specs;

/// <summary>Assertions on a loaded SpecSet's diagnostics: message and location together.</summary>
internal static class Findings
{
    public static SpecSet Load(IRepoTree tree, SpecLoaderOptions? options = null) => new SpecLoader(options).Load(tree);

    public static Diagnostic Single(SpecSet set, string code, string file, int line, int column, string messagePart)
    {
        var matches = set.Diagnostics.Where(d => d.Code == code && d.Location == new SourceLocation(file, line, column)).ToList();
        Assert.True(matches.Count == 1,
            $"expected one '{code}' at {file}:{line}:{column}; got:\n{string.Join("\n", set.Diagnostics)}");
        Assert.Contains(messagePart, matches[0].Message, StringComparison.Ordinal);
        return matches[0];
    }

    public static void NoErrors(SpecSet set) =>
        Assert.False(set.HasErrors, "unexpected errors:\n" + string.Join("\n", set.Diagnostics));
}
