namespace GitOpsBackup.Service;

/// <summary>A delivery's fate and a one-line reason for the response and the log (never the secret or the signature).</summary>
internal sealed record WebhookVerdict(WebhookDecision Decision, string Reason)
{
    public int StatusCode => Decision switch
    {
        WebhookDecision.Trigger => 202,
        WebhookDecision.Ignored => 200,
        WebhookDecision.Unauthorized => 401,
        WebhookDecision.TooLarge => 413,
        _ => 400,
    };
}
