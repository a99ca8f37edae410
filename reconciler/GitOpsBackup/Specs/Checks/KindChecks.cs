using GitOpsBackup.Specs.Schema;

namespace GitOpsBackup.Specs.Checks;

/// <summary>The hand-written checks of each kind: the rules only C# can state (across fields, across entries).</summary>
internal static class KindChecks
{
    public static void Check(SpecKind kind, DocumentView view)
    {
        switch (kind)
        {
            case SpecKind.HomelabBackup:
                HomelabBackupChecks.Check(view);
                break;
            case SpecKind.BackupDefaults:
                BackupDefaultsChecks.Check(view);
                break;
            case SpecKind.ExternalClone:
                ExternalCloneChecks.Check(view);
                break;
        }
    }
}
