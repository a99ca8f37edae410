using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Diffing;

/// <summary>The names the printers give to changes and topics, the same in every format.</summary>
public static class DiffWords
{
    public static string Change(AppChange change) => change switch
    {
        AppChange.Added => "added",
        AppChange.Removed => "removed",
        AppChange.Changed => "changed",
        AppChange.Broken => "broken at head",
        _ => "fixed",
    };

    public static string Change(ObjectChange change) => change switch
    {
        ObjectChange.Added => "added",
        ObjectChange.Removed => "removed",
        _ => "changed",
    };

    public static string Topic(DiffTopic topic) => topic switch
    {
        DiffTopic.App => "backup",
        DiffTopic.Spec => "spec errors",
        DiffTopic.Schedule => "schedule",
        DiffTopic.Suspend => "suspend",
        DiffTopic.Volumes => "volumes",
        DiffTopic.Buckets => "buckets",
        DiffTopic.BackupBucket => "backup bucket",
        DiffTopic.Retention => "retention",
        DiffTopic.Resources => "resources",
        DiffTopic.Privileges => "privileges",
        DiffTopic.ExternalClone => "external clone",
        _ => "defaults",
    };

    public static string Severity(DiffSeverity severity) => severity switch
    {
        DiffSeverity.Danger => "danger",
        DiffSeverity.Warning => "warning",
        _ => "info",
    };

    /// <summary>Who a finding is about: "nextcloud/nextcloud", or "repository" for repo-wide ones.</summary>
    public static string Subject(AppKey? app) => app?.ToString() ?? "repository";

    /// <summary>"3 apps: 1 added, 1 removed, 1 changed; 1 danger; 2 warnings; head valid" — the one-line summary.</summary>
    public static string Summary(DiffReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!report.HasChanges && report.HeadValid)
        {
            return "no change to the backups";
        }

        var parts = new List<string>();
        var counts = Enum.GetValues<AppChange>()
            .Where(c => report.Count(c) > 0)
            .Select(c => $"{report.Count(c)} {Change(c)}")
            .ToList();
        parts.Add(report.Apps.Count == 0 ? "no app changes" : $"{Wording.Plural(report.Apps.Count, "app")}: {string.Join(", ", counts)}");
        if (report.Repository.Count > 0)
        {
            parts.Add($"{Wording.Plural(report.Repository.Count, "repo-wide change")}");
        }

        var dangers = report.Warnings.Count(w => w.Severity == DiffSeverity.Danger);
        var warnings = report.Warnings.Count - dangers;
        if (dangers > 0)
        {
            parts.Add(Wording.Plural(dangers, "danger"));
        }

        if (warnings > 0 || dangers == 0)
        {
            parts.Add(warnings == 0 ? "no warnings" : Wording.Plural(warnings, "warning"));
        }

        parts.Add(report.HeadValid ? "head valid" : $"head has {Wording.Plural(report.HeadErrors.Count, "error")}");
        return string.Join("; ", parts);
    }

    /// <summary>"2 objects: 1 added, 1 changed".</summary>
    public static string ObjectSummary(DiffReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var counts = Enum.GetValues<ObjectChange>()
            .Select(c => (c, n: report.Objects.Count(o => o.Change == c)))
            .Where(x => x.n > 0)
            .Select(x => $"{x.n} {Change(x.c)}");
        return $"{Wording.Plural(report.Objects.Count, "object")}: {string.Join(", ", counts)}";
    }
}
