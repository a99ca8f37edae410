using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace GitOpsBackup.EmbeddedCluster.Simulation;

/// <summary>
/// The simulation's only source of "randomness": a hash of its inputs, the same in every process
/// (string.GetHashCode is randomized per process, Random.Shared is not reproducible).
/// </summary>
internal static class StableHash
{
    private const string NameChars = "bcdfghjklmnpqrstvwxz2456789";

    public static ulong Of(params string[] parts) =>
        BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\0', parts))));

    /// <summary>A number in [0, 1).</summary>
    public static double Fraction(params string[] parts) => (Of(parts) >> 11) / (double)(1UL << 53);

    /// <summary>Five characters from the alphabet the API server uses for generated names.</summary>
    public static string NameSuffix(params string[] parts)
    {
        var value = Of(parts);
        var chars = new char[5];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = NameChars[(int)(value % (ulong)NameChars.Length)];
            value /= (ulong)NameChars.Length;
        }

        return new string(chars);
    }
}
