using System.Globalization;
using GitOpsBackup.Specs.Model;
using k8s.Models;

namespace GitOpsBackup.Rendering;

/// <summary>The backup pod's environment for spec.dumps: one numbered group of variables per dump, the password by Secret reference only.</summary>
internal static class DumpEnv
{
    public static IEnumerable<V1EnvVar> For(IReadOnlyList<DatabaseDump> dumps)
    {
        if (dumps.Count == 0)
        {
            yield break;
        }

        yield return PodParts.Value(BackupEnv.Dumps, string.Join(' ', dumps.Select(d => $"{d.Name}={Engine(d.Engine)}")));
        for (var i = 1; i <= dumps.Count; i++)
        {
            var dump = dumps[i - 1];
            yield return PodParts.Value(BackupEnv.Dump(i, "FILE"), dump.FileName);
            yield return PodParts.Value(BackupEnv.Dump(i, "TIMEOUT"), dump.Timeout);
            foreach (var (field, value) in new[]
            {
                ("HOST", dump.Host),
                ("PORT", dump.Port?.ToString(CultureInfo.InvariantCulture)),
                ("DATABASE", dump.Database),
                ("USER", dump.User),
                ("PATH", dump.Volume is null || dump.Path is null ? null : $"{PodPaths.DataRoot}/{dump.Volume}/{dump.Path}"),
                ("COMMAND", dump.Command),
            })
            {
                if (value is not null)
                {
                    yield return PodParts.Value(BackupEnv.Dump(i, field), value);
                }
            }

            if (dump.Password is { } password)
            {
                yield return PodParts.FromSecret(BackupEnv.Dump(i, "PASSWORD"), password.SecretName, password.Key);
            }
        }
    }

    /// <summary>The engine as the script and the spec spell it.</summary>
    public static string Engine(DumpEngine engine) => engine switch
    {
        DumpEngine.Postgres => "postgres",
        DumpEngine.Mariadb => "mariadb",
        DumpEngine.Sqlite => "sqlite",
        _ => "command",
    };
}
