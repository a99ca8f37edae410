using System.Globalization;
using System.Text.Json;

namespace GitOpsBackup.Bench;

/// <summary>The rows every bench adds, printed as one table at the end and written as JSON.</summary>
internal static class BenchTable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static List<BenchRow> Rows { get; } = [];

    public static void Add(BenchRow row)
    {
        Rows.Add(row);
        Console.Error.WriteLine($"  {Line(row)}");
    }

    public static void Print(TextWriter output)
    {
        output.WriteLine($"| {"work",-52} | {"apps",6} | {"wall",8} | {"CPU",8} | {"peak RSS",9} | detail | target | met |");
        output.WriteLine("|---|---:|---:|---:|---:|---|---|---|");
        foreach (var row in Rows)
        {
            output.WriteLine($"| {Line(row)} |");
        }

        var held = Rows.Where(r => r.Met is not null).ToList();
        output.WriteLine($"targets met: {held.Count(r => r.Met == true)} of {held.Count}");
    }

    public static void WriteJson(string path, string machine)
    {
        File.WriteAllText(path, JsonSerializer.Serialize(new { machine, rows = Rows }, Indented));
    }

    /// <summary>Rows a child bench process wrote (the night runs in its own process, so its peak memory is its own).</summary>
    public static IReadOnlyList<BenchRow> ReadJson(string path) =>
        JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("rows").Deserialize<List<BenchRow>>() ?? [];

    private static string Line(BenchRow r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Work,-52} | {r.Apps,6} | {Seconds(r.WallS),8} | {Seconds(r.CpuS),8} | {(r.PeakMiB is { } m ? $"{m:0} MiB" : "—"),9} | {r.Detail} | {r.Target ?? "—"} | {(r.Met is { } met ? (met ? "pass" : "MISS") : "—")}");

    private static string Seconds(double? s) => s switch
    {
        null => "—",
        < 1 => string.Create(CultureInfo.InvariantCulture, $"{s * 1000:0.0} ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{s:0.00} s"),
    };
}
