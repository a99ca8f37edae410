namespace GitOpsBackup.Tests.Specs;

/// <summary>The checkout's root (where GitOpsBackup.sln is), to reach sample-repo/ and spec-schema/.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    public static string SampleRepo => System.IO.Path.Combine(Path, "sample-repo");

    public static string SpecSchema => System.IO.Path.Combine(Path, "spec-schema");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "GitOpsBackup.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("GitOpsBackup.sln not found above " + AppContext.BaseDirectory);
    }
}
