using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Tests.Specs;

public sealed class RetentionPolicyTests
{
    [Fact]
    public void Seed_Is_7Daily_6Weekly_6Monthly_1Yearly()
    {
        Assert.Equal(new RetentionPolicy(7, 6, 6, 1), RetentionPolicy.Seed);
        Assert.False(RetentionPolicy.Seed.KeepsNothing);
    }

    [Fact]
    public void AllZero_KeepsNothing() => Assert.True(new RetentionPolicy(0, 0, 0, 0).KeepsNothing);
}
