namespace GitOpsBackup.Planning;

/// <summary>
/// The plan: a pure, printable value. <c>plan</c> prints it, <c>apply</c> executes it.
/// <see cref="Errors"/> holds plan-level refusals (e.g. the prune guard); their deletes are already turned into skips.
/// </summary>
internal sealed record ChangeSet(IReadOnlyList<Change> Changes, IReadOnlyList<string> Errors)
{
    public bool HasChanges => Changes.Any(c => c.IsWrite);

    public int Count(ChangeAction action) => Changes.Count(c => c.Action == action);

    public string Summary =>
        $"{Count(ChangeAction.Create)} to create, {Count(ChangeAction.Update)} to update, {Count(ChangeAction.Delete)} to delete, " +
        $"{Count(ChangeAction.Unchanged)} unchanged, {Count(ChangeAction.Skip)} skipped";
}
