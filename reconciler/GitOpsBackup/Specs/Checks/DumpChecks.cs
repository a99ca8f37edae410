using System.Globalization;

namespace GitOpsBackup.Specs.Checks;

/// <summary>The rules of spec.dumps the schema cannot state: unique names, and each engine's own fields (and no others).</summary>
internal static class DumpChecks
{
    private static readonly string[] Network = ["host", "database", "user", "passwordSecret"];
    private static readonly string[] All = ["host", "port", "database", "user", "passwordSecret", "volume", "path", "command"];

    public static void Check(DocumentView doc)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < doc.Count("/spec/dumps"); i++)
        {
            var pointer = "/spec/dumps/" + i.ToString(CultureInfo.InvariantCulture);
            var at = $"spec.dumps[{i}]";
            if (doc.String(pointer + "/name") is { } name && !doc.HasErrorAt(pointer + "/name") && !seen.TryAdd(name, i))
            {
                doc.Error(pointer + "/name", "dumps", $"dump '{name}' is listed twice (first as spec.dumps[{seen[name]}])", "give each dump its own name");
            }

            if (doc.String(pointer + "/engine") is not { } engine)
            {
                continue;
            }

            string[] needed = engine switch
            {
                "postgres" or "mariadb" => Network,
                "sqlite" => ["volume", "path"],
                _ => ["command"],
            };
            string[] allowed = engine switch
            {
                "postgres" or "mariadb" => [.. Network, "port"],
                "sqlite" => ["volume", "path"],
                _ => ["command", "passwordSecret"],
            };
            foreach (var field in needed.Where(f => !doc.Has(pointer + "/" + f)))
            {
                doc.Error(pointer, "dumps", $"{at} (engine {engine}) has no {field}", Hint(engine, field));
            }

            foreach (var field in All.Except(allowed).Where(f => doc.Has(pointer + "/" + f)))
            {
                doc.Error(pointer + "/" + field, "dumps", $"{at}.{field} is not used by engine {engine}", $"remove it; engine {engine} reads {string.Join(", ", allowed)}");
            }
        }
    }

    private static string Hint(string engine, string field) => field switch
    {
        "host" => "the database server's Service, e.g. host: postgres.nextcloud.svc",
        "database" => "the database to dump, e.g. database: nextcloud",
        "user" => "a user that can read every table, e.g. user: backup",
        "passwordSecret" => $"the password from a Secret in the app's namespace: passwordSecret: {{name: {engine}-credentials, key: password}}",
        "volume" => "the PVC holding the database file, e.g. volume: app-data",
        "path" => "the database file inside the volume, e.g. path: data/app.db",
        _ => "a shell command that writes the dump on stdout, e.g. command: redis-cli --rdb -",
    };
}
