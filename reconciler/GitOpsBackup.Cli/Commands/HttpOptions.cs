using System.CommandLine;
using GitOpsBackup.Service;
using GitOpsBackup.Source;

namespace GitOpsBackup.Cli.Commands;

/// <summary><c>run</c>'s HTTP surface options: <c>--listen</c> and <c>--webhook-secret-file</c>.</summary>
internal sealed class HttpOptions
{
    private readonly Option<string> _listen = new("--listen")
    {
        HelpName = "ADDR",
        Description = "Serve /healthz, /readyz, /metrics and the webhooks on [HOST]:PORT (:8080, 127.0.0.1:0 for a free port, logged), or off",
        DefaultValueFactory = _ => ListenAddress.Default,
    };

    private readonly Option<string?> _secretFile = new("--webhook-secret-file")
    {
        HelpName = "FILE",
        Description = "File holding the webhook secret; turns on POST /hooks/github, /hooks/gitea, /hooks/forgejo, /hooks/gitlab",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_listen);
        command.Options.Add(_secretFile);
    }

    /// <summary>
    /// The surface's options; null options without error: no HTTP (<c>--listen off</c>, or <c>--once</c> without an explicit --listen).
    /// <paramref name="followed"/> is the ref run follows (null for a working tree).
    /// </summary>
    public (HttpSurfaceOptions? Options, string? Error) Read(ParseResult parsed, bool once, GitRef? followed)
    {
        var explicitListen = parsed.GetResult(_listen) is { Implicit: false };
        var (url, error) = ListenAddress.Parse(parsed.GetValue(_listen)!);
        if (error is not null || url is null || (once && !explicitListen))
        {
            return (null, error);
        }

        byte[]? secret = null;
        if (parsed.GetValue(_secretFile) is { } file)
        {
            (secret, error) = WebhookSecret.Read(file);
            if (secret is null)
            {
                return (null, error);
            }
        }

        return (new HttpSurfaceOptions { Url = url, Required = explicitListen, WebhookSecret = secret, Followed = followed }, null);
    }
}
