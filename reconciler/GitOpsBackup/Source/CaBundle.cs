using System.Security.Cryptography.X509Certificates;
using LibGit2Sharp;

namespace GitOpsBackup.Source;

/// <summary>
/// Checks a server certificate against a PEM bundle of extra CAs. libgit2 cannot take a CA file per
/// remote, so the certificate callback (called when the system store did not trust the server)
/// builds the chain here with the bundle as the only roots, and checks the host name.
/// </summary>
internal static class CaBundle
{
    public static bool Trusts(string bundleFile, Certificate certificate, string host)
    {
        if (certificate is not CertificateX509 { Certificate: { } presented })
        {
            return false;
        }

        using var server = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(bundleFile);
        try
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(server) && server.MatchesHostname(host);
        }
        finally
        {
            foreach (var root in roots)
            {
                root.Dispose();
            }
        }
    }
}
