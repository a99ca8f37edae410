namespace GitOpsBackup.Specs.Checks;

/// <summary>The rules of the repository-wide BackupDefaults its schema cannot state (across fields, or about its place).</summary>
internal static class BackupDefaultsChecks
{
    public static void Check(DocumentView doc)
    {
        CommonChecks.Metadata(doc);
        CommonChecks.Retention(doc, "/spec/retention");
        CommonChecks.Resources(doc, "/spec/resources");
        if (doc.Has("/spec/verify/expectFiles"))
        {
            doc.Error("/spec/verify/expectFiles", "verify", "spec.verify.expectFiles names one app's files; it has no meaning repository-wide",
                "move it to the app's HomelabBackup spec.verify.expectFiles (<volume>/<path>)");
        }

        if (doc.Bool("/spec/notifications/healthchecks/slugs") == false)
        {
            doc.Error("/spec/notifications/healthchecks/slugs", "notifications", "spec.notifications.healthchecks.slugs: false here makes every app ping one and the same check",
                "keep slugs: true with the project's ping-key URL (https://hc-ping.com/<ping-key>), or set a check's own URL per app in its HomelabBackup spec.notifications.healthchecks");
        }
    }
}
