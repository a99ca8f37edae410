namespace GitOpsBackup.Tests.Fixtures;

/// <summary>Tests that share one s3rver; each uses its own buckets.</summary>
[CollectionDefinition(Name)]
public sealed class S3rverCollection : ICollectionFixture<S3rverFixture>
{
    public const string Name = "s3rver";
}
