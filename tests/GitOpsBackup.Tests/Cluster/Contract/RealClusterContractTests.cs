namespace GitOpsBackup.Tests.Cluster.Contract;

/// <summary>
/// The same contract against a real cluster, when GITOPS_BACKUP_TEST_KUBECONFIG names a kubeconfig.
/// Cases create and delete their own namespaces and plan only those; fault cases need the embedded cluster.
/// </summary>
public sealed class RealClusterContractTests() : ApplyContract(new RealClusterTarget())
{
    [RealClusterFact]
    public Task ColdApply_Creates() => ColdApply_CreatesEveryObject();

    [RealClusterFact]
    public Task Admission_PinsAndUnsuspends() => SuspendedBackupJob_IsPinnedAndUnsuspendedInOneUpdate();

    [RealClusterFact]
    public Task SecondPass_NoChanges_ZeroWrites() => SecondPass_SendsZeroWrites();

    [RealClusterFact]
    public Task KubectlEdit_IsReverted() => ManualEdit_IsRevertedOnTheNextPass();

    [RealClusterFact]
    public Task Prune_RemovedApp() => RemovedApp_IsPruned();

    [RealClusterFact]
    public Task Prune_OptOutRespected() => OptOutAnnotation_KeepsPruneAway();

    [RealClusterFact]
    public Task PruneGuard_RefusesAndAllowMassPruneOverrides() => MassPrune_IsRefused_UnlessAllowed();

    [RealClusterFact]
    public Task Unowned_NeverTouched() => ObjectsWithoutOurLabelAndAnnotation_AreNeverTouched();

    [RealClusterFact]
    public Task SameNameNotOurs_NeverTakenOver() => SomeoneElsesObjectOfTheSameName_IsNeverTakenOver();

    [RealClusterFact]
    public Task ImmutableField_DeleteAndRecreate() => ImmutableField_IsDeletedAndRecreated();

    [RealClusterFact]
    public Task BrokenApp_Untouched() => BrokenApp_LiveObjectsAreLeftExactlyAsTheyAre();

    [RealClusterFact]
    public Task MissingNamespace_IsAPerAppFailure() => MissingNamespace_FailsOnlyThatApp();
}
