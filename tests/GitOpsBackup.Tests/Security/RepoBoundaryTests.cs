using GitOpsBackup.Source;
using GitOpsBackup.Specs;
using GitOpsBackup.Tests.Specs;

namespace GitOpsBackup.Tests.Security;

/// <summary>
/// A working tree cannot lead the loader outside the repo or into a loop: symlinks (to the repo itself, to a
/// parent, to /) are never followed, each is named in a warning, and the walk ends with the real files loaded.
/// Symlinks to files outside are <see cref="Source.DirectoryRepoTreeTests"/>; <c>..</c> in kustomize and Flux
/// paths is the hostile campaign's namespace target.
/// </summary>
public sealed class RepoBoundaryTests
{
    [Fact]
    public void SymlinkLoops_AndLinksUpOrToRoot_AreNotFollowed_AndEachIsNamed()
    {
        using var dir = new TempDirectory();
        foreach (var file in SpecTexts.Repo(SpecTexts.App(SpecTexts.MinimalBody)).EnumerateFiles())
        {
            dir.Write(file.Path, System.Text.Encoding.UTF8.GetString(file.ReadAllBytes()));
        }

        Directory.CreateSymbolicLink(Path.Combine(dir.Path, "loop"), ".");
        Directory.CreateSymbolicLink(Path.Combine(dir.Path, "apps/app/up"), "../..");
        Directory.CreateSymbolicLink(Path.Combine(dir.Path, "apps/root"), "/");
        File.CreateSymbolicLink(Path.Combine(dir.Path, "apps/app/passwd.yaml"), "/etc/passwd");

        var set = new SpecLoader().Load(new DirectoryRepoTree(dir.Path));

        Assert.Equal("app", Assert.Single(set.Apps).Name);
        Assert.Equal(["apps/app/passwd.yaml", "apps/app/up", "apps/root", "loop"],
            set.Diagnostics.Where(d => d.Code == "not-read").Select(d => d.Location.File).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(set.Diagnostics, d => d.Severity == Severity.Error);
    }
}
