using GitOpsBackup.Specs;

namespace GitOpsBackup.Tests.Specs;

/// <summary>Every rule of an app spec, table-driven: the body of spec: starts on line 9 of apps/app/backup.yaml.</summary>
public sealed class HomelabBackupChecksTests
{
    private const string File = "apps/app/backup.yaml";

    public static TheoryData<string, string, int, int, string, string?> Cases => new()
    {
        // body, code, line, column, message part, hint part
        { "  backupBucket: app-backup\n  schedul: \"@daily\"\n  volumes:\n    - name: data", "unknown-field", 10, 3, "unknown field 'schedul' in spec", "did you mean 'schedule'?" },
        { "  backupBucket: app-backup\n  volumes:\n    - nme: data", "unknown-field", 11, 7, "unknown field 'nme' in spec.volumes[0]", "did you mean 'name'?" },
        { "  volumes:\n    - name: data", "schema", 9, 3, "missing required field 'backupBucket' in spec", "S3 bucket" },
        { "  backupBucket: app-backup\n  suspend: \"yes\"\n  volumes:\n    - name: data", "schema", 10, 12, "spec.suspend must be a boolean, not the text \"yes\"", "Stop starting" },
        { "  backupBucket: app-backup\n  volumes:\n    - name: on", "yaml11-boolean", 11, 13, "spec.volumes[0].name must be a string, but the bare value is read as a boolean", "quote it" },
        { "  backupBucket: no\n  volumes:\n    - name: data", "yaml11-boolean", 9, 17, "spec.backupBucket must be a string", "quote it" },
        { "  backupBucket: app-backup\n  schedule: y\n  volumes:\n    - name: data", "yaml11-boolean", 10, 13, "spec.schedule must be a string", "quote it" },
        { "  backupBucket: app-backup\n  schedule: \"61 2 * * *\"\n  volumes:\n    - name: data", "cron", 10, 13, "spec.schedule '61 2 * * *' is not a valid schedule", "5 fields" },
        { "  backupBucket: app-backup\n  schedule: \"30 2 * *\"\n  volumes:\n    - name: data", "cron", 10, 13, "expected 5 fields", null },
        { "  backupBucket: app-backup\n  schedule: \"H(4-1) * * * *\"\n  volumes:\n    - name: data", "cron", 10, 13, "minute field 'H(4-1)': the range must lie within 0-59", null },
        { "  backupBucket: app-backup\n  schedule: \"H H(20-30) * * *\"\n  volumes:\n    - name: data", "cron", 10, 13, "hour field 'H(20-30)': the range must lie within 0-23", null },
        { "  backupBucket: app-backup\n  schedule: \"H5 * * * *\"\n  volumes:\n    - name: data", "cron", 10, 13, "H stands alone in a field", null },
        { "  backupBucket: app-backup\n  schedule: \"@nightly\"\n  volumes:\n    - name: data", "cron", 10, 13, "unknown macro '@nightly'", null },
        { "  backupBucket: app-backup\n  timeZone: W. Europe Standard Time\n  volumes:\n    - name: data", "timezone", 10, 13, "'W. Europe Standard Time' is a Windows time zone name", "Europe/Berlin" },
        { "  backupBucket: app-backup\n  timeZone: Mars/Olympus_Mons\n  volumes:\n    - name: data", "timezone", 10, 13, "unknown time zone 'Mars/Olympus_Mons'", "IANA" },
        { "  backupBucket: ab\n  volumes:\n    - name: data", "bucket", 9, 17, "bucket name 'ab' must be 3 to 63 characters long", "3-63" },
        { "  backupBucket: App-Backup\n  volumes:\n    - name: data", "bucket", 9, 17, "may hold only lowercase letters", null },
        { "  backupBucket: -app\n  volumes:\n    - name: data", "bucket", 9, 17, "start and end with a letter or digit", null },
        { "  backupBucket: app..backup\n  volumes:\n    - name: data", "bucket", 9, 17, "two adjacent dots", null },
        { "  backupBucket: 192.168.1.10\n  volumes:\n    - name: data", "bucket", 9, 17, "must not look like an IP address", null },
        { "  backupBucket: xn--app\n  volumes:\n    - name: data", "bucket", 9, 17, "must not start with 'xn--'", null },
        { "  backupBucket: app-s3alias\n  volumes:\n    - name: data", "bucket", 9, 17, "must not end with '-s3alias'", null },
        { "  backupBucket: app-backup\n  volumes:\n    - name: data\n    - name: Photos_Bucket\n      external: true", "bucket", 12, 13, "spec.volumes[1].name: bucket name 'Photos_Bucket'", null },
        { "  backupBucket: app-backup\n  volumes:\n    - name: Data_1", "name", 11, 13, "PVC name 'Data_1' must consist of", "external: true" },
        { "  backupBucket: app-backup\n  volumes: []", "volumes", 10, 12, "spec has no volumes and no dumps", "under dumps" },
        { "  backupBucket: app-backup\n  dumps:\n    - name: db\n      engine: postgres\n      host: pg.app.svc\n      database: app\n      user: app", "dumps", 11, 7, "spec.dumps[0] (engine postgres) has no passwordSecret", "passwordSecret: {name: postgres-credentials" },
        { "  backupBucket: app-backup\n  dumps:\n    - name: db\n      engine: sqlite\n      volume: data", "dumps", 11, 7, "spec.dumps[0] (engine sqlite) has no path", "data/app.db" },
        { "  backupBucket: app-backup\n  dumps:\n    - name: db\n      engine: command", "dumps", 11, 7, "spec.dumps[0] (engine command) has no command", "stdout" },
        { "  backupBucket: app-backup\n  dumps:\n    - name: db\n      engine: sqlite\n      volume: data\n      path: app.db\n      command: cat", "dumps", 15, 16, "spec.dumps[0].command is not used by engine sqlite", "reads volume, path" },
        { "  backupBucket: app-backup\n  dumps:\n    - name: db\n      engine: sqlite\n      volume: data\n      path: ../etc/passwd", "dumps", 14, 13, "spec.dumps[0].path '../etc/passwd' is not a path inside the volume", "relative" },
        { "  backupBucket: app-backup\n  dumps:\n    - name: db\n      engine: oracle", "schema", 12, 15, "spec.dumps[0].engine", null },
        { "  backupBucket: app-backup\n  dumps:\n    - name: db\n      engine: command\n      command: cat\n      timeout: 1 hour", "dumps", 14, 16, "spec.dumps[0].timeout '1 hour' is not a duration", "30m" },
        { "  backupBucket: app-backup\n  dumps:\n    - name: db\n      engine: command\n      command: cat\n    - name: db\n      engine: command\n      command: cat", "dumps", 14, 13, "dump 'db' is listed twice", null },
        { "  backupBucket: app-backup\n  dumps:\n    - name: db\n      engine: postgres\n      host: PG_Host\n      database: app\n      user: app\n      passwordSecret: {name: pg, key: password}", "name", 13, 13, "spec.dumps[0].host 'PG_Host' must consist of lowercase letters, digits, '-' and '.'", "DNS-1123 subdomain" },
        { "  backupBucket: app-backup\n  dumps:\n    - name: db\n      engine: postgres\n      host: pg.app.svc\n      database: \"\"\n      user: app\n      passwordSecret: {name: pg, key: password}", "dumps", 14, 17, "spec.dumps[0].database '' is empty", "give the database" },
        { "  backupBucket: app-backup\n  dumps:\n    - name: a-name-that-goes-on-and-on-and-on-well-past-the-sixty-three-characters\n      engine: command\n      command: cat", "name", 11, 13, "; it has 70 characters", "DNS-1123 label" },
        { "  backupBucket: app-backup\n  dumps:\n    - name: DB\n      engine: command\n      command: cat", "name", 11, 13, "spec.dumps[0].name 'DB' must consist of", null },
        { "  backupBucket: app-backup\n  allowEmpty: \"yes\"\n  volumes:\n    - name: data", "schema", 10, 15, "spec.allowEmpty must be a boolean", null },
        { "  backupBucket: app-backup\n  volumes:\n    - name: data\n    - name: data", "volumes", 12, 13, "volume 'data' is listed twice", null },
        { "  backupBucket: app-backup\n  volumes:\n    - name: data\n  retention: {daily: 0, weekly: 0}", "retention", 12, 14, "spec.retention keeps nothing", "daily: 7" },
        { "  backupBucket: app-backup\n  volumes:\n    - name: data\n  retention: {}", "retention", 12, 14, "spec.retention keeps nothing", null },
        { "  backupBucket: app-backup\n  volumes:\n    - name: data\n  retention:\n    daily: -1", "schema", 13, 12, "spec.retention.daily", null },
        { "  backupBucket: app-backup\n  volumes:\n    - name: data\n  resources:\n    limits:\n      memory: lots", "quantity", 14, 15, "spec.resources.limits.memory 'lots' is not a number with an optional suffix", "Kubernetes quantity" },
        { "  backupBucket: app-backup\n  volumes:\n    - name: data\n  podSecurity:\n    runAsUser: root", "schema", 13, 16, "spec.podSecurity.runAsUser must be an integer, not the text \"root\"", null },
        { "  backupBucket: app-backup\n  volumes:\n    - name: data\n  externalClone: \"false\"", "schema", 12, 18, "spec.externalClone must be a boolean", null },
        { "  backupBucket: app-backup\n  volumes:\n    - name: data\n  verify:\n    readDataSubset: lots", "verify", 13, 21, "spec.verify.readDataSubset 'lots' is not a restic --read-data-subset value", "5%" },
        { "  backupBucket: app-backup\n  volumes:\n    - name: data\n  verify:\n    schedule: \"61 * * * *\"", "cron", 13, 15, "spec.verify.schedule '61 * * * *' is not a valid schedule", null },
        { "  backupBucket: app-backup\n  volumes:\n    - name: data\n  verify:\n    expectFiles: [other/db.sqlite3]", "verify", 13, 19, "spec.verify.expectFiles[0] 'other/db.sqlite3': 'other' is not a PVC volume of this spec", "one of: data" },
        { "  backupBucket: app-backup\n  volumes:\n    - name: data\n  verify:\n    expectFiles: [data/../etc/passwd]", "verify", 13, 19, "spec.verify.expectFiles[0] 'data/../etc/passwd' is not <volume>/<path>", null },
        { "  backupBucket: app-backup\n  volumes:\n    - name: data\n  verify:\n    minFiles: -1", "schema", 13, 15, "spec.verify.minFiles", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_RuleViolation_WithMessageAndLocation(string body, string code, int line, int column, string message, string? hint)
    {
        var set = Findings.Load(SpecTexts.Repo(SpecTexts.App(body)));

        var diagnostic = Findings.Single(set, code, File, line, column, message);
        Assert.Equal(Severity.Error, diagnostic.Severity);
        if (hint is not null)
        {
            Assert.Contains(hint, diagnostic.Hint, StringComparison.Ordinal);
        }

        Assert.Empty(set.Apps);
        Assert.Contains(File, set.FilesWithErrors);
    }

    [Fact]
    public void Reports_BadMetadataName_AtItsValue()
    {
        var set = Findings.Load(SpecTexts.Repo(SpecTexts.App(SpecTexts.MinimalBody, name: "My_App")));
        Findings.Single(set, "name", File, 4, 9, "metadata.name 'My_App' must consist of lowercase letters");
    }

    [Fact]
    public void Reports_AllErrorsOfAFile_AtOnce()
    {
        var body = "  backupBucket: ab\n  schedule: \"bad\"\n  timeZone: Nowhere/Land\n  volumes: []";
        var set = Findings.Load(SpecTexts.Repo(SpecTexts.App(body)));
        Assert.Equal(["bucket", "cron", "timezone", "volumes"], set.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => d.Code));
    }

    [Fact]
    public void Warns_WhenNamedPvc_IsNotDefinedInTheAppFolder()
    {
        var set = Findings.Load(SpecTexts.Repo(SpecTexts.App("  backupBucket: app-backup\n  volumes:\n    - name: data\n    - name: cache")));

        var warning = Findings.Single(set, "pvc-not-found", File, 12, 7, "no PersistentVolumeClaim 'cache' is defined in apps/app/");
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Contains("Helm chart", warning.Hint, StringComparison.Ordinal);
        Findings.NoErrors(set);
        Assert.Single(set.Apps);
    }

    [Fact]
    public void Warns_WhenLocalConfigAnnotation_IsMissing()
    {
        var text = SpecTexts.App(SpecTexts.MinimalBody).Replace("config.kubernetes.io/local-config: \"true\"", "team: a", StringComparison.Ordinal);
        var set = Findings.Load(SpecTexts.Repo(text));

        var warning = Findings.Single(set, "local-config", File, 4, 3, "annotation config.kubernetes.io/local-config: \"true\" is missing");
        Assert.Equal(Severity.Warning, warning.Severity);
        Findings.NoErrors(set);
    }

    [Theory]
    [InlineData("30 2 * * *")]
    [InlineData("*/15 * * * *")]
    [InlineData("@daily")]
    [InlineData("@annually")]
    [InlineData("H H(1-4) * * *")]
    [InlineData("H(0-29) 3 * * 1-5")]
    public void Accepts_ValidSchedules(string schedule)
    {
        var set = Findings.Load(SpecTexts.Repo(SpecTexts.App($"  backupBucket: app-backup\n  schedule: \"{schedule}\"\n  volumes:\n    - name: data")));
        Findings.NoErrors(set);
        Assert.Equal(schedule, Assert.Single(set.Apps).Schedule);
    }
}
