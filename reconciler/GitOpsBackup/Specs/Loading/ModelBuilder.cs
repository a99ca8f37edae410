using System.Globalization;
using GitOpsBackup.Specs.Checks;
using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Specs.Loading;

/// <summary>
/// Fills the model records from a document that passed its schema and checks, read through the
/// schema's defaults (<see cref="DocumentView.WithSchemaDefaults"/>): a default lives only in the
/// schema's `default` keyword, never here or in the records. <c>doc.Value&lt;T&gt;</c> reads a field
/// that always has a value (written or defaulted); the nullable readers one that may be left out,
/// e.g. an app's schedule, which stays null so the renderer applies BackupDefaults'.
/// </summary>
internal static class ModelBuilder
{
    public static HomelabBackup App(DocumentView doc, SourceLocation location)
    {
        var volumes = new List<BackupVolume>();
        for (var i = 0; i < doc.Count("/spec/volumes"); i++)
        {
            var pointer = "/spec/volumes/" + i.ToString(CultureInfo.InvariantCulture);
            volumes.Add(new BackupVolume(doc.Value<string>(pointer + "/name"), doc.Value<bool>(pointer + "/external")) { Location = doc.At(pointer) });
        }

        return new HomelabBackup
        {
            Name = doc.Value<string>("/metadata/name"),
            Namespace = "",
            BackupBucket = doc.Value<string>("/spec/backupBucket"),
            Schedule = doc.String("/spec/schedule"),
            TimeZone = doc.String("/spec/timeZone"),
            Suspend = doc.Value<bool>("/spec/suspend"),
            Volumes = volumes,
            Dumps = Dumps(doc),
            AllowEmpty = doc.Value<bool>("/spec/allowEmpty"),
            Retention = Retention(doc, "/spec/retention"),
            ExternalClone = doc.Value<bool>("/spec/externalClone"),
            Resources = Resources(doc, "/spec/resources"),
            PodSecurity = doc.Has("/spec/podSecurity")
                ? new PodSecurity(doc.Long("/spec/podSecurity/runAsUser"), doc.Long("/spec/podSecurity/runAsGroup"),
                    doc.Long("/spec/podSecurity/fsGroup"), doc.Value<bool>("/spec/podSecurity/readAllFiles"))
                : null,
            Verify = Verify(doc, "/spec/verify"),
            Notifications = Notifications(doc, "/spec/notifications"),
            Location = location,
        };
    }

    public static BackupDefaults Defaults(DocumentView doc, SourceLocation location) => new()
    {
        S3Endpoint = doc.Value<string>("/spec/s3/endpoint"),
        S3Region = doc.Value<string>("/spec/s3/region"),
        S3Credentials = new SecretKeys(doc.Value<string>("/spec/s3/credentialsSecret/name"),
            doc.Value<string>("/spec/s3/credentialsSecret/accessKeyIdKey"), doc.Value<string>("/spec/s3/credentialsSecret/secretAccessKeyKey")),
        S3CaBundle = doc.Has("/spec/s3/caBundleSecret")
            ? new SecretKeyRef(doc.Value<string>("/spec/s3/caBundleSecret/name"), doc.Value<string>("/spec/s3/caBundleSecret/key"))
            : null,
        ResticPassword = new SecretKeyRef(doc.Value<string>("/spec/resticPasswordSecret/name"), doc.Value<string>("/spec/resticPasswordSecret/key")),
        BackupImage = doc.Value<string>("/spec/images/backup"),
        CloneImage = doc.Value<string>("/spec/images/clone"),
        Schedule = doc.Value<string>("/spec/schedule"),
        TimeZone = doc.Value<string>("/spec/timeZone"),
        // The schema defaults these objects as a whole (retention 7/6/6/1, requests and limit, verify's fields).
        Retention = Retention(doc, "/spec/retention")!,
        MaxBackupsPerNode = doc.Value<int>("/spec/maxBackupsPerNode"),
        Resources = Resources(doc, "/spec/resources")!,
        Verify = Verify(doc, "/spec/verify")!,
        Notifications = Notifications(doc, "/spec/notifications")!,
        AllowedNamespaces = doc.Strings("/spec/allowedNamespaces"),
        AllowedNamespacesLocation = doc.Has("/spec/allowedNamespaces") ? doc.KeyAt("/spec/allowedNamespaces") : null,
        Location = location,
    };

    public static ExternalClone Clone(DocumentView doc, SourceLocation location) => new()
    {
        Namespace = doc.String("/spec/namespace") ?? "", // "": resolved later like an app's namespace
        NodeName = doc.Value<string>("/spec/nodeName"),
        Mode = doc.Value<string>("/spec/mode") == "volume" ? CloneMode.Volume : CloneMode.Device,
        DevicePath = doc.String("/spec/device/path"),
        FsType = doc.String("/spec/device/fsType"),
        ClaimName = doc.String("/spec/volume/claimName"),
        DiskId = doc.Value<string>("/spec/disk/id"),
        DiskUuid = doc.String("/spec/disk/filesystemUuid"),
        Verify = doc.Value<string>("/spec/disk/verify") == "size" ? CloneVerify.Size : CloneVerify.Hash,
        TargetPath = doc.Value<string>("/spec/targetPath"),
        IncludeAppBuckets = doc.Value<bool>("/spec/buckets/includeApps"),
        ExtraBuckets = doc.Strings("/spec/buckets/extra")!,
        Sync = doc.Value<bool>("/spec/sync/enabled"),
        MaxDelete = doc.Value<int>("/spec/sync/maxDelete"),
        CycleStart = doc.Value<string>("/spec/cycle/start"),
        LatestStart = doc.Value<string>("/spec/cycle/latestStart"),
        TimeZone = doc.Value<string>("/spec/cycle/timeZone"),
        Location = location,
    };

    private static List<DatabaseDump> Dumps(DocumentView doc)
    {
        var dumps = new List<DatabaseDump>();
        for (var i = 0; i < doc.Count("/spec/dumps"); i++)
        {
            var p = "/spec/dumps/" + i.ToString(CultureInfo.InvariantCulture);
            dumps.Add(new DatabaseDump
            {
                Name = doc.Value<string>(p + "/name"),
                Engine = Enum.Parse<DumpEngine>(doc.Value<string>(p + "/engine"), ignoreCase: true),
                Host = doc.String(p + "/host"),
                Port = (int?)doc.Long(p + "/port"),
                Database = doc.String(p + "/database"),
                User = doc.String(p + "/user"),
                Password = doc.Has(p + "/passwordSecret") ? new SecretKeyRef(doc.Value<string>(p + "/passwordSecret/name"), doc.Value<string>(p + "/passwordSecret/key")) : null,
                Volume = doc.String(p + "/volume"),
                Path = doc.String(p + "/path"),
                Command = doc.String(p + "/command"),
                Timeout = doc.Value<string>(p + "/timeout"),
                Location = doc.At(p),
            });
        }

        return dumps;
    }

    private static RetentionPolicy? Retention(DocumentView doc, string pointer) => doc.Has(pointer)
        ? new RetentionPolicy(doc.Value<int>(pointer + "/daily"), doc.Value<int>(pointer + "/weekly"),
            doc.Value<int>(pointer + "/monthly"), doc.Value<int>(pointer + "/yearly"))
        : null;

    // An app's verify fields left out stay null (BackupDefaults' apply); BackupDefaults' schema defaults every one.
    private static VerifyPolicy? Verify(DocumentView doc, string pointer) => doc.Has(pointer)
        ? new VerifyPolicy
        {
            Enabled = doc.Bool(pointer + "/enabled"),
            Schedule = doc.String(pointer + "/schedule"),
            ReadDataSubset = doc.StringOrNumber(pointer + "/readDataSubset"),
            MinFiles = doc.Long(pointer + "/minFiles"),
            MinBytes = doc.Long(pointer + "/minBytes"),
            ExpectFiles = doc.Strings(pointer + "/expectFiles"),
        }
        : null;

    private static Notifications? Notifications(DocumentView doc, string pointer) => doc.Has(pointer)
        ? new Notifications
        {
            Healthchecks = doc.Has(pointer + "/healthchecks")
                ? new HealthchecksPing(SecretRef(doc, pointer + "/healthchecks/urlSecret")!, doc.Value<bool>(pointer + "/healthchecks/slugs"))
                : null,
            NightUrl = SecretRef(doc, pointer + "/night/urlSecret"),
            Ntfy = doc.Has(pointer + "/ntfy") ? new NtfyTopic(SecretRef(doc, pointer + "/ntfy/urlSecret")!, SecretRef(doc, pointer + "/ntfy/tokenSecret")) : null,
            WebhookUrl = SecretRef(doc, pointer + "/webhook/urlSecret"),
        }
        : null;

    private static SecretKeyRef? SecretRef(DocumentView doc, string pointer) => doc.Has(pointer)
        ? new SecretKeyRef(doc.Value<string>(pointer + "/name"), doc.Value<string>(pointer + "/key"))
        : null;

    private static ComputeResources? Resources(DocumentView doc, string pointer) => doc.Has(pointer)
        ? new ComputeResources(
            doc.StringOrNumber(pointer + "/requests/cpu"), doc.StringOrNumber(pointer + "/requests/memory"),
            doc.StringOrNumber(pointer + "/limits/cpu"), doc.StringOrNumber(pointer + "/limits/memory"))
        : null;
}
