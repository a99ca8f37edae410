using System.Text;
using GitOpsBackup.Specs.Model;
using k8s;
using k8s.Autorest;

namespace GitOpsBackup.Notifying;

/// <summary>
/// Reads notification URLs and tokens from Secrets in one namespace, once per pass. A missing
/// Secret or key is null and logged by name only; a value is never logged.
/// </summary>
internal sealed class SecretValues(IKubernetes client, string ns, Serilog.ILogger log)
{
    private readonly Dictionary<string, IDictionary<string, byte[]>?> _secrets = new(StringComparer.Ordinal);

    public async Task<string?> ReadAsync(SecretKeyRef? reference, CancellationToken ct)
    {
        if (reference is null)
        {
            return null;
        }

        if (!_secrets.TryGetValue(reference.SecretName, out var data))
        {
            try
            {
                var secret = await client.CoreV1.ReadNamespacedSecretAsync(reference.SecretName, ns, cancellationToken: ct);
                data = secret.Data ?? new Dictionary<string, byte[]>();
            }
            catch (HttpOperationException ex)
            {
                log.Warning("Notifications: cannot read Secret {Namespace}/{Secret} (HTTP {Status})", ns, reference.SecretName, (int)ex.Response.StatusCode);
                data = null;
            }
            catch (HttpRequestException)
            {
                log.Warning("Notifications: cannot read Secret {Namespace}/{Secret} (no connection)", ns, reference.SecretName);
                data = null;
            }

            _secrets[reference.SecretName] = data;
        }

        if (data is null)
        {
            return null;
        }

        if (!data.TryGetValue(reference.Key, out var bytes))
        {
            log.Warning("Notifications: Secret {Namespace}/{Secret} has no key {Key}", ns, reference.SecretName, reference.Key);
            return null;
        }

        return Encoding.UTF8.GetString(bytes).Trim();
    }
}
