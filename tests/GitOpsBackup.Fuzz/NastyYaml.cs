using System.Text;
using CsCheck;

namespace GitOpsBackup.Fuzz;

/// <summary>
/// Generators of hostile YAML: a valid file (<see cref="Seeds"/>) with a few nasty mutations (alias bombs,
/// deep nesting, huge scalars, tabs, BOMs, duplicate keys, invalid UTF-8, NUL bytes, anchors across
/// documents, thousands of documents, YAML tags and directives), and trees of kustomize and Flux files.
/// </summary>
internal static class NastyYaml
{
    private const int Scale = 1_000_000;

    private static readonly string[] Tokens =
    [
        "&a ", "*a", "*a\n", "<<: *a\n", "<<: [*a, *a]\n", "!!binary ", "!!python/object/apply:os.system ", "!Ref ", "!!map ", "!!str ", "? ", ": ", "- ",
        "[", "]", "{", "}", ",", "\"", "'", "|", ">", "|-\n", "|+9\n", "#", "%YAML 1.2\n", "%YAML 9.9\n", "%TAG ! tag:x,2000:\n", "---\n", "...\n",
        "~", "null", "1e99999", "-.inf", ".nan", "0x7fffffffffffffffffffff", "-9223372036854775809", "0o777", "on", "yes", "NO", "2026-13-45",
        "\"\\u0000\"", "\"\\uD800\"", "\"\\x\"", "\"\\U0010FFFF\"", "kind: HomelabBackup\n", "apiVersion: backup.homelab.dev/v1alpha1\n",
        "namespace: kube-system\n", "namespace: ../../etc\n", "name: a/../../b\n", "hostPath: {path: /}\n", "image: evil@sha256:00\n",
        "command: [sh, -c, id]\n", "securityContext: {privileged: true}\n", "claimName: other-app-data\n", "\r", "\r\n", "\u2028", "\u0085",
        "\t", " ", "\n", "  ", "backupBucket: ", "volumes:\n  - name: ", "${NS}", "{{ .Values.x }}", "\u202e", "\u200b", "\ud83d\ude00", "\ufeff",
        "schedule: \"H H(0-0) 31 2 *\"\n", "schedule: \"* * * * * * *\"\n", "timeZone: ../../../etc/localtime\n", "retention: {daily: -1}\n",
        "retention: {daily: 99999999999999999999}\n", "external: \"true\"\n", "suspend: 2\n",
    ];

    private static readonly byte[][] BadBytes =
    [
        [0xC3, 0x28], [0xFF], [0xFE, 0xFF], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x00], [0x00, 0x00, 0x00],
        [0x1B, 0x5B, 0x32, 0x4A], [0x7F], [0x08],
    ];

    private static readonly byte[][] Boms = [[0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF], [0x00, 0x00, 0xFE, 0xFF], [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF]];

    private static readonly Gen<int> At = Gen.Int[0, Scale];

    /// <summary>One change to a file's bytes.</summary>
    public static readonly Gen<Func<byte[], byte[]>> Mutation = Gen.Frequency(
        (20, Gen.Select(At, Gen.OneOf(Tokens), (at, t) => Fn(b => Insert(b, at, Encoding.UTF8.GetBytes(t))))),
        (6, Gen.Select(At, Gen.Byte, (at, v) => Fn(b => b.Length == 0 ? [v] : Replace(b, at, v)))),
        (4, At.Select(at => Fn(b => b[..Index(b, at)]))),
        (4, Gen.OneOf(Boms).Select(bom => Fn(b => [.. bom, .. b]))),
        (6, Gen.Select(At, Gen.OneOf(BadBytes), (at, bad) => Fn(b => Insert(b, at, bad)))),
        (5, At.Select(at => Fn(b => DuplicateLine(b, at)))),
        (4, At.Select(at => Fn(b => InsertAt(b, LineStart(b, Index(b, at)), "\t"u8.ToArray())))),
        (3, Gen.Select(Gen.Int[2, 10], Gen.Int[2, 12], (levels, width) => Fn(b => [.. b, .. AliasBomb(levels, width)]))),
        (3, Gen.Select(Gen.Int[10, 3000], Gen.Bool, (depth, flow) => Fn(b => [.. b, .. DeepNesting(depth, flow)]))),
        (1, Gen.Int[10, 20].Select(log => Fn(b => [.. b, .. HugeScalar((1 << log) + 0)]))),
        (2, Gen.Int[2, 60].Select(k => Fn(b => Repeat(b, k)))),
        (1, Gen.Int[100, 2000].Select(k => Fn(b => [.. b, .. ManyDocuments(k)]))),
        (3, At.Select(at => Fn(b => [.. Insert(b, at, "&a "u8.ToArray()), .. "\n---\nx: *a\ny: [*a, *a]\n"u8.ToArray()]))),
        (3, Gen.Select(At, Gen.OneOf(Seeds.Texts), Gen.Int[0, Scale], (at, other, from) => Fn(b => Insert(b, at, Slice(Encoding.UTF8.GetBytes(other), from)))))
    );

    /// <summary>A spec-ish file: a seed with up to five mutations.</summary>
    public static readonly Gen<byte[]> Spec = Gen.Select(Gen.OneOf(Seeds.Texts), Mutation.Array[0, 5], (seed, mutations) =>
        mutations.Aggregate(Encoding.UTF8.GetBytes(seed), (bytes, m) => m(bytes)));

    private static readonly string[] Folders = ["", "apps", "apps/app", "apps/app/sub", "apps/other", "clusters/home", "infrastructure"];

    private static readonly string[] NamespaceValues =
    [
        "media", "nextcloud", "kube-system", "\"\"", "Bad_NS", "${NAMESPACE}", new string('a', 64), new string('a', 300), "-x", "\"quoted\"", "[list]",
        "{a: b}", "~", "null", "0", "true", "\"nextcloud\\0\"", "\"ns\\u202egood\"", "*a", "&a media", "\"../..\"",
    ];

    private static readonly string[] ResourceValues =
    [
        "app", "other", "../", "../..", "../../..", "../../../../etc", "/etc/passwd", "/apps/app", "b/../../..", "./app", "../apps/other", ".", "./",
        "sub", "backup.yaml", "https://github.com/x/y//apps?ref=v1", "%2e%2e/", "app/../app", "apps/app", "\"\"", "~", "[a, b]", "{a: b}", "../app",
    ];

    private static readonly string[] FluxPaths =
    [
        "./apps", "./apps/app", "apps/app", "./", "", "/", "../..", "./apps/../..", "apps/app/../../..", "${path}", "./apps/app/", "//apps//app",
        "\"\"", "~", "[x]", "./clusters/home/../../apps",
    ];

    private static readonly Gen<(string, string)> Kustomization = Gen.Select(
        Gen.OneOf(Folders), Gen.OneOf(NamespaceValues).Null(), Gen.OneOf(ResourceValues).Array[0, 5], (folder, ns, resources) =>
        (Path(folder, "kustomization.yaml"),
            "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n" + (ns is null ? "" : $"namespace: {ns}\n")
            + "resources:\n" + string.Concat(resources.Select(r => $"  - {r}\n"))));

    private static readonly Gen<(string, string)> Flux = Gen.Select(
        Gen.OneOf(FluxPaths), Gen.OneOf(NamespaceValues).Null(), Gen.Int[0, 5], (path, ns, n) =>
        ($"clusters/home/flux-{n}.yaml",
            $"apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: k{n}\n  namespace: flux-system\nspec:\n  path: {path}\n"
            + (ns is null ? "" : $"  targetNamespace: {ns}\n") + "  sourceRef: {kind: GitRepository, name: flux-system}\n"));

    private static readonly Gen<(string, string)> App = Gen.Select(
        Gen.OneOf(Folders), Gen.OneOf("app", "other", "nextcloud"), Gen.OneOf(NamespaceValues).Null(), (folder, name, ns) =>
        (Path(folder, $"{name}-backup.yaml"), Seeds.App(name, ns)));

    /// <summary>A tree of kustomization.yaml files, Flux Kustomizations and apps; now and then one file mutated.</summary>
    public static readonly Gen<byte[]> NamespaceTree = Gen.Select(
        Kustomization.Array[0, 6], Flux.Array[0, 3], App.Array[1, 3], Gen.Int[0, 99], Mutation.Array[0, 2], (ks, fs, apps, which, mutations) =>
        {
            var files = new List<(string Path, byte[] Bytes)>();
            foreach (var (path, text) in ks.Concat(fs).Concat(apps))
            {
                files.Add((path, Encoding.UTF8.GetBytes(text)));
            }

            if (mutations.Length > 0)
            {
                var i = which % files.Count;
                files[i] = (files[i].Path, mutations.Aggregate(files[i].Bytes, (bytes, m) => m(bytes)));
            }

            return RepoArchive.Pack(files);
        });

    public static byte[] AliasBomb(int levels, int width)
    {
        var text = new StringBuilder("bomb:\n  a0: &a0 [lol, lol]\n");
        for (var i = 1; i < levels; i++)
        {
            text.Append("  a").Append(i).Append(": &a").Append(i).Append(" [").Append(string.Join(", ", Enumerable.Repeat("*a" + (i - 1), width))).Append("]\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static byte[] DeepNesting(int depth, bool flow)
    {
        if (flow)
        {
            return Encoding.UTF8.GetBytes("deep: " + new string('[', depth) + new string(']', depth) + "\n");
        }

        var text = new StringBuilder("deep:\n");
        for (var i = 1; i <= Math.Min(depth, 400); i++)
        {
            text.Append(' ', i).Append("k:\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static byte[] HugeScalar(int length) => Encoding.UTF8.GetBytes("huge: \"" + new string('x', length) + "\"\n");

    public static byte[] ManyDocuments(int count) => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("---\na: 1\n", count)));

    private static Func<byte[], byte[]> Fn(Func<byte[], byte[]> f) => f;

    private static int Index(byte[] b, int at) => (int)((long)b.Length * at / Scale);

    private static string Path(string folder, string file) => folder.Length == 0 ? file : folder + "/" + file;

    private static byte[] Insert(byte[] b, int at, byte[] what) => InsertAt(b, Index(b, at), what);

    private static byte[] InsertAt(byte[] b, int i, byte[] what) => [.. b.AsSpan(0, i), .. what, .. b.AsSpan(i)];

    private static byte[] Replace(byte[] b, int at, byte value)
    {
        var copy = (byte[])b.Clone();
        copy[Math.Min(Index(b, at), b.Length - 1)] = value;
        return copy;
    }

    private static int LineStart(byte[] b, int i) => i == 0 ? 0 : Array.LastIndexOf(b, (byte)'\n', Math.Min(i, b.Length) - 1) + 1;

    private static byte[] DuplicateLine(byte[] b, int at)
    {
        var start = LineStart(b, Index(b, at));
        var end = Array.IndexOf(b, (byte)'\n', start);
        end = end < 0 ? b.Length : end + 1;
        return [.. b.AsSpan(0, end), .. b.AsSpan(start, end - start), .. b.AsSpan(end)];
    }

    private static byte[] Repeat(byte[] b, int k)
    {
        var parts = new List<byte>();
        for (var i = 0; i < k; i++)
        {
            parts.AddRange("---\n"u8.ToArray());
            parts.AddRange(b);
            parts.Add((byte)'\n');
        }

        return [.. parts];
    }

    private static byte[] Slice(byte[] b, int from)
    {
        var start = Index(b, from);
        return b[start..Math.Min(b.Length, start + 80)];
    }
}
