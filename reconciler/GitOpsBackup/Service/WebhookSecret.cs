using System.Text;

namespace GitOpsBackup.Service;

/// <summary>Reads <c>--webhook-secret-file</c>: the file's bytes minus a trailing newline (as editors and <c>echo</c> leave one).</summary>
internal static class WebhookSecret
{
    /// <summary>The secret, or an error naming the file and the fix. The secret itself is never part of a message.</summary>
    public static (byte[]? Secret, string? Error) Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"--webhook-secret-file {path}: cannot read it ({ex.GetType().Name}); give a readable file holding the secret set on the forge");
        }

        var secret = text.TrimEnd('\r', '\n');
        return secret.Length == 0
            ? (null, $"--webhook-secret-file {path}: the file is empty; put the secret set on the forge's webhook in it")
            : (Encoding.UTF8.GetBytes(secret), null);
    }
}
