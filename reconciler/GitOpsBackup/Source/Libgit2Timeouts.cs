using System.Reflection;
using System.Runtime.InteropServices;
using LibGit2Sharp;

namespace GitOpsBackup.Source;

/// <summary>
/// libgit2's socket timeouts (connect, and each read or write), which LibGit2Sharp does not expose.
/// Without them a server that accepts and then says nothing blocks a call for as long as the OS
/// allows. Process-wide in libgit2 (the last value set wins); option numbers are libgit2 1.8's
/// (GIT_OPT_SET_SERVER_CONNECT_TIMEOUT = 39, GIT_OPT_SET_SERVER_TIMEOUT = 41, each GET one above),
/// verified by reading the value back.
/// </summary>
internal static class Libgit2Timeouts
{
    private const int SetConnectTimeout = 39;
    private const int SetServerTimeout = 41;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int SetInt(int option, int value);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int GetInt(int option, out int value);

    /// <summary>Sets both timeouts; false when the native library does not take them (then only the poll deadline applies).</summary>
    public static bool TryApply(TimeSpan connect, TimeSpan io)
    {
        try
        {
            var opts = Export();
            if (opts == IntPtr.Zero)
            {
                return false;
            }

            var set = Marshal.GetDelegateForFunctionPointer<SetInt>(opts);
            var get = Marshal.GetDelegateForFunctionPointer<GetInt>(opts);
            var connectMs = (int)Math.Clamp(connect.TotalMilliseconds, 1, int.MaxValue);
            var ioMs = (int)Math.Clamp(io.TotalMilliseconds, 1, int.MaxValue);
            return set(SetConnectTimeout, connectMs) == 0 && get(SetConnectTimeout + 1, out var c) == 0 && c == connectMs
                && set(SetServerTimeout, ioMs) == 0 && get(SetServerTimeout + 1, out var s) == 0 && s == ioMs;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or MarshalDirectiveException)
        {
            return false;
        }
    }

    /// <summary>Reads the current values back (milliseconds), or null when unavailable.</summary>
    public static (int ConnectMs, int IoMs)? Read()
    {
        var opts = Export();
        if (opts == IntPtr.Zero)
        {
            return null;
        }

        var get = Marshal.GetDelegateForFunctionPointer<GetInt>(opts);
        return get(SetConnectTimeout + 1, out var c) == 0 && get(SetServerTimeout + 1, out var s) == 0 ? (c, s) : null;
    }

    private static IntPtr Export()
    {
        // LibGit2Sharp's native library is named per build (libgit2-<hash>); touching GlobalSettings makes
        // LibGit2Sharp load it, then ask which one it is. Only libgit2 1.8 or later has these option numbers.
        _ = GlobalSettings.Version;
        var assembly = typeof(Repository).Assembly;
        var name = assembly.GetType("LibGit2Sharp.Core.NativeDllName")?.GetField("Name", BindingFlags.Public | BindingFlags.Static | BindingFlags.NonPublic)?.GetValue(null) as string;
        if (name is null || !NativeLibrary.TryLoad(name, assembly, null, out var handle))
        {
            return IntPtr.Zero;
        }

        return NativeLibrary.TryGetExport(handle, "git_libgit2_version", out var versionExport) && Libgit2AtLeast18(versionExport)
            && NativeLibrary.TryGetExport(handle, "git_libgit2_opts", out var opts) ? opts : IntPtr.Zero;
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int VersionFn(out int major, out int minor, out int revision);

    private static bool Libgit2AtLeast18(IntPtr export)
    {
        Marshal.GetDelegateForFunctionPointer<VersionFn>(export)(out var major, out var minor, out _);
        return major > 1 || (major == 1 && minor >= 8);
    }
}
