namespace GitOpsBackup.Tests.Rendering;

/// <summary>Folders of random files, and byte-for-byte comparison of two folders.</summary>
internal static class TreeAssert
{
    /// <summary>A folder the test wrote, and its files (relative path → size).</summary>
    public sealed record Source(string Folder, IReadOnlyDictionary<string, long> Files);

    /// <summary>Random files in nested folders, readable by everyone; returns relative path → size.</summary>
    public static Dictionary<string, long> WriteRandom(string root, int seed, int count, int maxBytes)
    {
        var random = new Random(seed);
        var files = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var relative = Path.Join($"dir{i % 3}", $"sub{i % 2}", $"file-{i}.bin");
            var path = Path.Join(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var bytes = new byte[random.Next(0, maxBytes)];
            random.NextBytes(bytes);
            File.WriteAllBytes(path, bytes);
            files[relative] = bytes.Length;
        }

        return files;
    }

    public static void Same(Source expected, string actual) => Same(expected.Folder, actual);

    public static void Same(string expected, string actual)
    {
        static List<string> Files(string root) => Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal).ToList();

        Assert.True(Directory.Exists(actual), $"{actual} is missing");
        var files = Files(expected);
        Assert.NotEmpty(files);
        Assert.Equal(files, Files(actual));
        foreach (var file in files)
        {
            Assert.True(File.ReadAllBytes(Path.Join(expected, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Join(actual, file))), $"{file} differs");
        }
    }
}
