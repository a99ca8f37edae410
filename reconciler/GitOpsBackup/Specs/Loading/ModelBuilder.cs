using System.Globalization;
using GitOpsBackup.Specs.Checks;
using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Specs.Loading;

/// <summary>
/// Fills the model records from a document that passed its schema and checks. Values the user did
/// not write stay null (HomelabBackup) so the renderer can apply BackupDefaults; the repository-wide
/// kinds take the documented defaults here.
/// </summary>
internal static class ModelBuilder
{
    public static HomelabBackup App(DocumentView doc, SourceLocation location)
    {
        var volumes = new List<BackupVolume>();
        for (var i = 0; i < doc.Count("/spec/volumes"); i++)
        {
            var pointer = "/spec/volumes/" + i.ToString(CultureInfo.InvariantCulture);
            volumes.Add(new BackupVolume(doc.String(pointer + "/name")!, doc.Bool(pointer + "/external") ?? false) { Location = doc.At(pointer) });
        }

        return new HomelabBackup
        {
            Name = doc.String("/metadata/name")!,
            Namespace = "",
            BackupBucket = doc.String("/spec/backupBucket")!,
            Schedule = doc.String("/spec/schedule"),
            TimeZone = doc.String("/spec/timeZone"),
            Suspend = doc.Bool("/spec/suspend") ?? false,
            Volumes = volumes,
            Retention = Retention(doc, "/spec/retention"),
            ExternalClone = doc.Bool("/spec/externalClone") ?? true,
            Resources = Resources(doc, "/spec/resources"),
            PodSecurity = doc.Has("/spec/podSecurity")
                ? new PodSecurity(doc.Long("/spec/podSecurity/runAsUser"), doc.Long("/spec/podSecurity/runAsGroup"),
                    doc.Long("/spec/podSecurity/fsGroup"), doc.Bool("/spec/podSecurity/readAllFiles") ?? false)
                : null,
            Verify = Verify(doc, "/spec/verify"),
            Location = location,
        };
    }

    public static BackupDefaults Defaults(DocumentView doc, SourceLocation location)
    {
        var defaults = new BackupDefaults
        {
            S3Endpoint = doc.String("/spec/s3/endpoint")!,
            S3Credentials = new SecretKeys(doc.String("/spec/s3/credentialsSecret/name")!),
            ResticPassword = new SecretKeyRef(doc.String("/spec/resticPasswordSecret/name")!, doc.String("/spec/resticPasswordSecret/key")!),
            BackupImage = doc.String("/spec/images/backup")!,
            CloneImage = doc.String("/spec/images/clone")!,
            Location = location,
        };
        return defaults with
        {
            S3Region = doc.String("/spec/s3/region") ?? defaults.S3Region,
            S3Credentials = defaults.S3Credentials with
            {
                AccessKeyIdKey = doc.String("/spec/s3/credentialsSecret/accessKeyIdKey") ?? defaults.S3Credentials.AccessKeyIdKey,
                SecretAccessKeyKey = doc.String("/spec/s3/credentialsSecret/secretAccessKeyKey") ?? defaults.S3Credentials.SecretAccessKeyKey,
            },
            S3CaBundle = doc.Has("/spec/s3/caBundleSecret")
                ? new SecretKeyRef(doc.String("/spec/s3/caBundleSecret/name")!, doc.String("/spec/s3/caBundleSecret/key")!)
                : null,
            Schedule = doc.String("/spec/schedule") ?? defaults.Schedule,
            TimeZone = doc.String("/spec/timeZone") ?? defaults.TimeZone,
            Retention = Retention(doc, "/spec/retention") ?? defaults.Retention,
            MaxBackupsPerNode = (int?)doc.Long("/spec/maxBackupsPerNode") ?? defaults.MaxBackupsPerNode,
            Resources = Resources(doc, "/spec/resources") ?? defaults.Resources,
            Verify = Verify(doc, "/spec/verify")?.Over(VerifyPolicy.Default) ?? defaults.Verify,
        };
    }

    public static ExternalClone Clone(DocumentView doc, SourceLocation location)
    {
        var extra = new List<string>();
        for (var i = 0; i < doc.Count("/spec/buckets/extra"); i++)
        {
            extra.Add(doc.String("/spec/buckets/extra/" + i.ToString(CultureInfo.InvariantCulture))!);
        }

        var clone = new ExternalClone
        {
            Namespace = doc.String("/spec/namespace") ?? "",
            NodeName = doc.String("/spec/nodeName")!,
            Mode = doc.String("/spec/mode") == "volume" ? CloneMode.Volume : CloneMode.Device,
            DevicePath = doc.String("/spec/device/path"),
            ClaimName = doc.String("/spec/volume/claimName"),
            DiskId = doc.String("/spec/disk/id")!,
            DiskUuid = doc.String("/spec/disk/filesystemUuid"),
            ExtraBuckets = extra,
            Location = location,
        };
        return clone with
        {
            FsType = doc.String("/spec/device/fsType") ?? clone.FsType,
            Verify = doc.String("/spec/disk/verify") == "size" ? CloneVerify.Size : clone.Verify,
            TargetPath = doc.String("/spec/targetPath") ?? clone.TargetPath,
            IncludeAppBuckets = doc.Bool("/spec/buckets/includeApps") ?? clone.IncludeAppBuckets,
            Sync = doc.Bool("/spec/sync/enabled") ?? clone.Sync,
            MaxDelete = (int?)doc.Long("/spec/sync/maxDelete") ?? clone.MaxDelete,
            CycleStart = doc.String("/spec/cycle/start") ?? clone.CycleStart,
            LatestStart = doc.String("/spec/cycle/latestStart") ?? clone.LatestStart,
            TimeZone = doc.String("/spec/cycle/timeZone") ?? clone.TimeZone,
        };
    }

    private static RetentionPolicy? Retention(DocumentView doc, string pointer) => doc.Has(pointer)
        ? new RetentionPolicy(
            (int)(doc.Long(pointer + "/daily") ?? 0), (int)(doc.Long(pointer + "/weekly") ?? 0),
            (int)(doc.Long(pointer + "/monthly") ?? 0), (int)(doc.Long(pointer + "/yearly") ?? 0))
        : null;

    private static VerifyPolicy? Verify(DocumentView doc, string pointer)
    {
        if (!doc.Has(pointer))
        {
            return null;
        }

        List<string>? expect = null;
        if (doc.Has(pointer + "/expectFiles"))
        {
            expect = [];
            for (var i = 0; i < doc.Count(pointer + "/expectFiles"); i++)
            {
                expect.Add(doc.String(pointer + "/expectFiles/" + i.ToString(CultureInfo.InvariantCulture))!);
            }
        }

        return new VerifyPolicy
        {
            Enabled = doc.Bool(pointer + "/enabled"),
            Schedule = doc.String(pointer + "/schedule"),
            ReadDataSubset = doc.StringOrNumber(pointer + "/readDataSubset"),
            MinFiles = doc.Long(pointer + "/minFiles"),
            MinBytes = doc.Long(pointer + "/minBytes"),
            ExpectFiles = expect,
        };
    }

    private static ComputeResources? Resources(DocumentView doc, string pointer) => doc.Has(pointer)
        ? new ComputeResources(
            doc.StringOrNumber(pointer + "/requests/cpu"), doc.StringOrNumber(pointer + "/requests/memory"),
            doc.StringOrNumber(pointer + "/limits/cpu"), doc.StringOrNumber(pointer + "/limits/memory"))
        : null;
}
