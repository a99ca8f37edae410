namespace GitOpsBackup.Tests.Fixtures;

/// <summary>The checkout's root (where GitOpsBackup.sln is), to reach sample-repo/ and spec-schema/.</summary>
internal static class CheckoutPaths
{
    public static string Root { get; } = Find();

    public static string SampleRepo => Path.Combine(Root, "sample-repo");

    public static string SpecSchema => Path.Combine(Root, "spec-schema");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GitOpsBackup.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("GitOpsBackup.sln not found above " + AppContext.BaseDirectory);
    }
}
