using GitOpsBackup.Reporting;

namespace GitOpsBackup.Cli.Commands;

/// <summary>Writes the night's page for <c>status --html</c> and <c>demo --html</c>, and says where.</summary>
internal static class NightPageFile
{
    /// <summary>False (after saying why) when the file cannot be written.</summary>
    public static async Task<bool> WriteAsync(CliContext context, FileInfo file, NightView view, CancellationToken ct)
    {
        try
        {
            await File.WriteAllTextAsync(file.FullName, NightPage.Render(view), ct);
            await context.Error.WriteLineAsync($"Night page: {file.FullName}");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await context.Error.WriteLineAsync($"error: cannot write the night page {file.FullName}: {ex.Message} (give --html a file in a writable folder)");
            return false;
        }
    }
}
