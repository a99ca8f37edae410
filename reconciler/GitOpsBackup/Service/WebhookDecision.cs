namespace GitOpsBackup.Service;

/// <summary>What a webhook delivery leads to; each maps to one HTTP status.</summary>
internal enum WebhookDecision
{
    /// <summary>A push to the followed ref: a pass starts now (202).</summary>
    Trigger,

    /// <summary>Genuine, but another event or ref (200): nothing to do.</summary>
    Ignored,

    /// <summary>Signature or token missing or wrong (401): nothing triggered.</summary>
    Unauthorized,

    /// <summary>The body is over the bound (413): not even verified.</summary>
    TooLarge,

    /// <summary>Genuine, a push, but its body is not the JSON the forge sends (400).</summary>
    Malformed,
}
