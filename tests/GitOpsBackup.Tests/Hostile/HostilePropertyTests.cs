using System.Security.Cryptography;
using CsCheck;
using GitOpsBackup.Fuzz;
using GitOpsBackup.Service;
using GitOpsBackup.Source;
using GitOpsBackup.Specs.Loading;

namespace GitOpsBackup.Tests.Hostile;

/// <summary>
/// Properties checked with CsCheck (seeded, shrinking to the smallest failing input): the fuzz targets'
/// promises on the structured generators, and two that need no target: repo paths never leave the repo, and
/// a webhook is genuine exactly when its signature is.
/// </summary>
[Trait("Category", "Hostile")]
public sealed class HostilePropertyTests
{
    private static readonly string Seed = new PCG(1, 12).ToString();

    [Fact]
    public void RepoPaths_NeverLeaveTheRepo_WhateverIsJoined() =>
        Gen.Select(Gen.OneOf("", "apps", "apps/app", "a/b/c"), Gen.OneOf("..", ".", "a", "", "/", "b", "%2e%2e", "...", "a\\..").Array[0, 8])
            .Sample((folder, parts) =>
            {
                var joined = RepoPaths.Combine(folder, string.Join('/', parts));
                Assert.True(joined is null || (!joined.StartsWith('/') && !joined.Split('/').Any(s => s is ".." or "." or "")) || joined.Length == 0, $"'{joined}'");
            }, seed: Seed, iter: 5000, threads: 1);

    [Fact]
    public void AWebhook_IsGenuine_ExactlyWhenItsSignatureIs() =>
        Gen.Select(Gen.Byte.Array[0, 600], Gen.Int[0, 599], Gen.Byte[1, 255]).Sample((body, at, flip) =>
        {
            var headers = new Dictionary<string, string> { ["X-GitHub-Event"] = "push", ["X-Hub-Signature-256"] = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(WebhookTarget.Secret, body)) };
            Assert.NotEqual(WebhookDecision.Unauthorized, WebhookVerifier.Verify(Forge.GitHub, body, headers, WebhookTarget.Secret, GitRef.Branch("main")).Decision);
            if (body.Length > 0)
            {
                var changed = (byte[])body.Clone();
                changed[at % body.Length] ^= flip;
                Assert.Equal(WebhookDecision.Unauthorized, WebhookVerifier.Verify(Forge.GitHub, changed, headers, WebhookTarget.Secret, GitRef.Branch("main")).Decision);
            }
        }, seed: Seed, iter: 3000, threads: 1);

    [Fact]
    public void GeneratedHostileSpecs_KeepTheLoadersPromises() =>
        NastyYaml.Spec.Sample(bytes => new SpecLoaderTarget().Run(bytes), seed: Seed, iter: 150, threads: 1);

    [Fact]
    public void GeneratedNamespaceTrees_KeepTheResolversPromises() =>
        NastyYaml.NamespaceTree.Sample(bytes => new NamespaceTarget().Run(bytes), seed: Seed, iter: 150, threads: 1);
}
