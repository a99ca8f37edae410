namespace GitOpsBackup.Tests.Fixtures;

/// <summary>Tests that dump real databases into restic on s3rver: one s3rver, one PostgreSQL, one MariaDB; each test uses its own databases and buckets.</summary>
[CollectionDefinition(Name)]
public sealed class DatabaseCollection : ICollectionFixture<S3rverFixture>, ICollectionFixture<PostgresFixture>, ICollectionFixture<MariaDbFixture>
{
    public const string Name = "databases";
}
