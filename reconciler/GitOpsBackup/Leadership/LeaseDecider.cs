namespace GitOpsBackup.Leadership;

/// <summary>
/// The election's rule, pure: the Lease as read, the clock, who we are and when we last renewed →
/// create, acquire, renew, wait or lost. Like client-go's tryAcquireOrRenew, except that expiry is
/// the Lease's own renewTime + leaseDurationSeconds (client-go measures from when it saw the record
/// change, to survive clock skew; nodes here are assumed NTP-synced to well under the lease duration).
/// </summary>
internal static class LeaseDecider
{
    /// <param name="observed">The Lease as read; null when there is none.</param>
    /// <param name="lastRenewed">When we last wrote the Lease as holder; null when we are not leading.</param>
    public static LeaseDecision Decide(LeaseRecord? observed, DateTimeOffset now, DateTimeOffset? lastRenewed, LeaderElectionOptions options)
    {
        if (lastRenewed is { } renewed)
        {
            // Leading: a renewal that has not succeeded for the renew deadline ends it, whatever was read.
            if (now - renewed >= options.RenewDeadline)
            {
                return new(LeaseAction.Lost, $"not renewed for {(now - renewed).TotalSeconds:0.#}s (renew deadline {options.RenewDeadline.TotalSeconds:0.#}s)");
            }

            if (observed is not null && observed.Holder != options.Identity)
            {
                return new(LeaseAction.Lost, observed.Holder.Length == 0 ? "the lease was released behind our back" : $"{observed.Holder} holds the lease now");
            }

            // A Lease deleted while we lead: create it again, still holding it.
            return observed is null ? new(LeaseAction.Create, "the lease is gone; creating it again") : new(LeaseAction.Renew, "we hold the lease");
        }

        if (observed is null)
        {
            return new(LeaseAction.Create, "no lease yet");
        }

        if (observed.Holder == options.Identity)
        {
            // Ours from before (a restart with a fixed --identity): take it up again without waiting.
            return new(LeaseAction.Acquire, "the lease names us already");
        }

        if (observed.Holder.Length == 0)
        {
            return new(LeaseAction.Acquire, "the lease was released");
        }

        return observed.ExpiresAt < now
            ? new(LeaseAction.Acquire, $"{observed.Holder}'s lease expired at {observed.ExpiresAt:O}")
            : new(LeaseAction.Wait, $"{observed.Holder} holds the lease until at least {observed.ExpiresAt:O}");
    }

    /// <summary>The Lease could not be read this round: a leader past its renew deadline has lost; anyone else waits.</summary>
    public static LeaseDecision DecideUnread(DateTimeOffset now, DateTimeOffset? lastRenewed, LeaderElectionOptions options) =>
        lastRenewed is { } renewed && now - renewed >= options.RenewDeadline
            ? new(LeaseAction.Lost, $"the lease could not be read or renewed for {(now - renewed).TotalSeconds:0.#}s (renew deadline {options.RenewDeadline.TotalSeconds:0.#}s)")
            : new(LeaseAction.Wait, "the lease could not be read; trying again");
}
