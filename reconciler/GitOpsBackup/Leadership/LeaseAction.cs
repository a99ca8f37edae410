namespace GitOpsBackup.Leadership;

/// <summary>What a replica does with the Lease on one round.</summary>
internal enum LeaseAction
{
    /// <summary>No Lease yet: create it, holding it.</summary>
    Create,

    /// <summary>Free or expired: take it over (an update naming the version read).</summary>
    Acquire,

    /// <summary>We hold it: renew it.</summary>
    Renew,

    /// <summary>Someone else holds it and it has not expired: stand by.</summary>
    Wait,

    /// <summary>We led, but could not renew within the renew deadline, or someone else holds it now: stop leading.</summary>
    Lost,
}
