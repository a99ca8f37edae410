using System.Security.Cryptography;
using System.Text;

namespace GitOpsBackup.Rendering;

/// <summary>SHA-256 helpers: stable across runs, machines and .NET versions (unlike string.GetHashCode).</summary>
internal static class Hashing
{
    public static string Sha256Hex(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>A number in [0, range) picked by the SHA-256 of <paramref name="seed"/>.</summary>
    public static int Pick(string seed, int range)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        var value = BitConverter.ToUInt64(hash, 0);
        return (int)(value % (ulong)range);
    }
}
