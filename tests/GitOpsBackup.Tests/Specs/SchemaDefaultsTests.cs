using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using GitOpsBackup.Specs.Loading;
using GitOpsBackup.Specs.Model;
using GitOpsBackup.Specs.Schema;

namespace GitOpsBackup.Tests.Specs;

/// <summary>
/// The schemas' `default` keywords are the only defaults: the model built from a minimal document
/// holds exactly each of them, and no model record declares one of its own.
/// </summary>
public sealed class SchemaDefaultsTests
{
    // Where each default lands in the model, and what the minimal document needs so the default is
    // the one read (a member of an optional object is defaulted only when the object is there).
    private static readonly Dictionary<(SpecKind, string), (string Extra, Func<SpecDocument, object?> Read)> Rows = new()
    {
        [(SpecKind.HomelabBackup, "/spec/suspend")] = ("", d => d.App!.Suspend),
        [(SpecKind.HomelabBackup, "/spec/volumes/0/external")] = ("", d => d.App!.Volumes[0].External),
        [(SpecKind.HomelabBackup, "/spec/retention/daily")] = ("retention: {yearly: 1}", d => d.App!.Retention!.Daily),
        [(SpecKind.HomelabBackup, "/spec/retention/weekly")] = ("retention: {yearly: 1}", d => d.App!.Retention!.Weekly),
        [(SpecKind.HomelabBackup, "/spec/retention/monthly")] = ("retention: {yearly: 1}", d => d.App!.Retention!.Monthly),
        [(SpecKind.HomelabBackup, "/spec/retention/yearly")] = ("retention: {daily: 1}", d => d.App!.Retention!.Yearly),
        [(SpecKind.HomelabBackup, "/spec/externalClone")] = ("", d => d.App!.ExternalClone),
        [(SpecKind.HomelabBackup, "/spec/podSecurity/readAllFiles")] = ("podSecurity: {runAsUser: 1000}", d => d.App!.PodSecurity!.ReadAllFiles),
        [(SpecKind.HomelabBackup, "/spec/allowEmpty")] = ("", d => d.App!.AllowEmpty),
        [(SpecKind.HomelabBackup, "/spec/dumps/0/timeout")] = ("dumps: [{name: db, engine: command, command: pg_dumpall}]", d => d.App!.Dumps[0].Timeout),
        [(SpecKind.HomelabBackup, "/spec/notifications/healthchecks/slugs")] = ("notifications: {healthchecks: {urlSecret: {name: hc, key: url}}}", d => d.App!.Notifications!.Healthchecks!.Slugs),

        [(SpecKind.BackupDefaults, "/spec/s3/region")] = ("", d => d.Defaults!.S3Region),
        [(SpecKind.BackupDefaults, "/spec/s3/credentialsSecret/accessKeyIdKey")] = ("", d => d.Defaults!.S3Credentials.AccessKeyIdKey),
        [(SpecKind.BackupDefaults, "/spec/s3/credentialsSecret/secretAccessKeyKey")] = ("", d => d.Defaults!.S3Credentials.SecretAccessKeyKey),
        [(SpecKind.BackupDefaults, "/spec/schedule")] = ("", d => d.Defaults!.Schedule),
        [(SpecKind.BackupDefaults, "/spec/timeZone")] = ("", d => d.Defaults!.TimeZone),
        [(SpecKind.BackupDefaults, "/spec/retention")] = ("", d => d.Defaults!.Retention),
        [(SpecKind.BackupDefaults, "/spec/retention/daily")] = ("retention: {yearly: 1}", d => d.Defaults!.Retention.Daily),
        [(SpecKind.BackupDefaults, "/spec/retention/weekly")] = ("retention: {yearly: 1}", d => d.Defaults!.Retention.Weekly),
        [(SpecKind.BackupDefaults, "/spec/retention/monthly")] = ("retention: {yearly: 1}", d => d.Defaults!.Retention.Monthly),
        [(SpecKind.BackupDefaults, "/spec/retention/yearly")] = ("retention: {daily: 1}", d => d.Defaults!.Retention.Yearly),
        [(SpecKind.BackupDefaults, "/spec/maxBackupsPerNode")] = ("", d => d.Defaults!.MaxBackupsPerNode),
        [(SpecKind.BackupDefaults, "/spec/resources")] = ("", d => d.Defaults!.Resources),
        [(SpecKind.BackupDefaults, "/spec/verify/enabled")] = ("", d => d.Defaults!.Verify.Enabled),
        [(SpecKind.BackupDefaults, "/spec/verify/schedule")] = ("", d => d.Defaults!.Verify.Schedule),
        [(SpecKind.BackupDefaults, "/spec/verify/readDataSubset")] = ("", d => d.Defaults!.Verify.ReadDataSubset),
        [(SpecKind.BackupDefaults, "/spec/verify/minFiles")] = ("", d => d.Defaults!.Verify.MinFiles),
        [(SpecKind.BackupDefaults, "/spec/verify/minBytes")] = ("", d => d.Defaults!.Verify.MinBytes),
        [(SpecKind.BackupDefaults, "/spec/notifications/healthchecks/slugs")] = ("notifications: {healthchecks: {urlSecret: {name: hc, key: url}}}", d => d.Defaults!.Notifications.Healthchecks!.Slugs),

        [(SpecKind.ExternalClone, "/spec/device/fsType")] = ("", d => d.ExternalClone!.FsType),
        [(SpecKind.ExternalClone, "/spec/targetPath")] = ("", d => d.ExternalClone!.TargetPath),
        [(SpecKind.ExternalClone, "/spec/buckets/includeApps")] = ("", d => d.ExternalClone!.IncludeAppBuckets),
        [(SpecKind.ExternalClone, "/spec/buckets/extra")] = ("", d => d.ExternalClone!.ExtraBuckets),
        [(SpecKind.ExternalClone, "/spec/sync/enabled")] = ("", d => d.ExternalClone!.Sync),
        [(SpecKind.ExternalClone, "/spec/sync/maxDelete")] = ("", d => d.ExternalClone!.MaxDelete),
        [(SpecKind.ExternalClone, "/spec/cycle/start")] = ("", d => d.ExternalClone!.CycleStart),
        [(SpecKind.ExternalClone, "/spec/cycle/latestStart")] = ("", d => d.ExternalClone!.LatestStart),
        [(SpecKind.ExternalClone, "/spec/cycle/timeZone")] = ("", d => d.ExternalClone!.TimeZone),
        [(SpecKind.ExternalClone, "/spec/disk/verify")] = ("", d => d.ExternalClone!.Verify),
    };

    public static TheoryData<string, string> Defaults()
    {
        var data = new TheoryData<string, string>();
        foreach (var kind in Enum.GetValues<SpecKind>())
        {
            foreach (var field in Defaulted(kind))
            {
                data.Add(kind.ToString(), field.Pointer);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Defaults))]
    public void SchemaDefault_IsWhatTheModelGets(string kindName, string at)
    {
        var kind = Enum.Parse<SpecKind>(kindName);
        Assert.True(Rows.TryGetValue((kind, at), out var row),
            $"{kind} {at} has a schema default but no row here: add where ModelBuilder puts it (and read it there with doc.Value<T>)");
        var expected = SchemaNavigator.Default(SpecSchemas.Raw(kind), at)!;

        var actual = Json(row.Read(MinimalSpecs.Read(Minimal(kind, row.Extra))));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected.ToJsonString()), JsonNode.Parse(actual?.ToJsonString() ?? "null")),
            $"{kind} {at}: the schema says {expected.ToJsonString()}, the model holds {actual?.ToJsonString() ?? "null"}");
    }

    [Fact]
    public void EveryRow_HasItsDefaultInTheSchema()
    {
        var inSchema = Enum.GetValues<SpecKind>().SelectMany(k => Defaulted(k).Select(f => (k, f.Pointer))).ToHashSet();

        Assert.DoesNotContain(Rows.Keys, key => !inSchema.Contains(key));
    }

    public static TheoryData<string> ModelRecords()
    {
        var data = new TheoryData<string>();
        foreach (var type in typeof(HomelabBackup).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(HomelabBackup).Namespace && t.IsClass && t.IsPublic && t != typeof(SpecSet) && t != typeof(AppKey)))
        {
            data.Add(type.FullName!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ModelRecords))]
    public void ModelRecord_DeclaresNoDefault(string recordName)
    {
        var record = typeof(HomelabBackup).Assembly.GetType(recordName)!;
        // An initialiser shows as a difference between a constructed instance and a bare one.
        if (record.GetConstructor(Type.EmptyTypes) is { } constructor)
        {
            var constructed = constructor.Invoke(null);
            var bare = RuntimeHelpers.GetUninitializedObject(record);
            foreach (var property in record.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
            {
                Assert.True(Equals(property.GetValue(constructed), property.GetValue(bare)),
                    $"{record.Name}.{property.Name} has an initialiser; its default belongs in the schema (make it required)");
            }
        }

        foreach (var parameter in record.GetConstructors().SelectMany(c => c.GetParameters()))
        {
            Assert.False(parameter.HasDefaultValue, $"{record.Name}({parameter.Name} = …) declares a default; it belongs in the schema");
        }

        var ownType = record.GetProperties(BindingFlags.Public | BindingFlags.Static).Where(p => p.PropertyType == record).Select(p => p.Name);
        Assert.True(!ownType.Any(), $"{record.Name}.{string.Join(", ", ownType)}: a preset value is a default; it belongs in the schema");
    }

    // Empty-object defaults ({}) only let their members' defaults apply; those members have rows.
    private static IEnumerable<SchemaField> Defaulted(SpecKind kind) =>
        SchemaFields.WithDefaults(kind).Where(f => f.Default is not JsonObject { Count: 0 });

    private static string Minimal(SpecKind kind, string extra) => kind switch
    {
        SpecKind.HomelabBackup => SpecTexts.App(SpecTexts.MinimalBody + (extra.Length > 0 ? "\n  " + extra : "")),
        SpecKind.BackupDefaults => SpecTexts.Defaults + (extra.Length > 0 ? "  " + extra + "\n" : ""),
        _ => SpecTexts.Clone + (extra.Length > 0 ? "  " + extra + "\n" : ""),
    };

    // The model value in the schema's shape, to compare with the default as written there.
    private static JsonNode? Json(object? value) => value switch
    {
        null => null,
        RetentionPolicy r => new JsonObject { ["daily"] = r.Daily, ["weekly"] = r.Weekly, ["monthly"] = r.Monthly, ["yearly"] = r.Yearly },
        ComputeResources c => Compact(new JsonObject
        {
            ["requests"] = Compact(new JsonObject { ["cpu"] = c.RequestsCpu, ["memory"] = c.RequestsMemory }),
            ["limits"] = Compact(new JsonObject { ["cpu"] = c.LimitsCpu, ["memory"] = c.LimitsMemory }),
        }),
        CloneVerify v => v.ToString().ToLowerInvariant(),
        IEnumerable<string> list => new JsonArray([.. list.Select(s => (JsonNode?)s)]),
        string s => s,
        bool b => b,
        int i => i,
        long l => l,
        _ => throw new NotSupportedException(value.GetType().Name),
    };

    private static JsonObject? Compact(JsonObject obj)
    {
        foreach (var key in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            obj.Remove(key);
        }

        return obj.Count == 0 ? null : obj;
    }
}
