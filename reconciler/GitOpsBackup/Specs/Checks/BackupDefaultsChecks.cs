namespace GitOpsBackup.Specs.Checks;

/// <summary>The rules of the repository-wide BackupDefaults beyond its schema.</summary>
internal static class BackupDefaultsChecks
{
    public static void Check(DocumentView doc)
    {
        CommonChecks.Metadata(doc);
        if (doc.String("/spec/s3/endpoint") is { } endpoint && Formats.EndpointError(endpoint) is { } endpointError)
        {
            doc.Error("/spec/s3/endpoint", "endpoint", $"spec.s3.endpoint: {endpointError}", "e.g. https://rgw.lan:443");
        }

        CommonChecks.Subdomain(doc, "/spec/s3/credentialsSecret/name", "Secret name");
        CommonChecks.Subdomain(doc, "/spec/s3/caBundleSecret/name", "Secret name");
        CommonChecks.Subdomain(doc, "/spec/resticPasswordSecret/name", "Secret name");
        foreach (var image in new[] { "backup", "clone" })
        {
            var pointer = "/spec/images/" + image;
            if (doc.String(pointer) is { } reference && !Formats.IsPinnedImage(reference))
            {
                doc.Error(pointer, "image-digest", $"spec.images.{image} '{reference}' is not pinned by digest",
                    "append @sha256:<64 hex digits>, e.g. docker.io/restic/restic:0.17.3@sha256:…; a tag alone can change under you");
            }
        }

        CommonChecks.Schedule(doc, "/spec/schedule");
        CommonChecks.TimeZone(doc, "/spec/timeZone");
        CommonChecks.Retention(doc, "/spec/retention");
        CommonChecks.Resources(doc, "/spec/resources");
        CommonChecks.Verify(doc, "/spec/verify");
        if (doc.Has("/spec/verify/expectFiles"))
        {
            doc.Error("/spec/verify/expectFiles", "verify", "spec.verify.expectFiles names one app's files; it has no meaning repository-wide",
                "move it to the app's HomelabBackup spec.verify.expectFiles (<volume>/<path>)");
        }

        CommonChecks.Notifications(doc, "/spec/notifications");
        if (doc.Bool("/spec/notifications/healthchecks/slugs") == false)
        {
            doc.Error("/spec/notifications/healthchecks/slugs", "notifications", "spec.notifications.healthchecks.slugs: false here makes every app ping one and the same check",
                "keep slugs: true with the project's ping-key URL (https://hc-ping.com/<ping-key>), or set a check's own URL per app in its HomelabBackup spec.notifications.healthchecks");
        }
    }
}
