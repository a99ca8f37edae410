using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Tests.Specs;

public sealed class RetentionPolicyTests
{
    [Fact]
    public void OnePeriod_KeepsSomething() => Assert.False(new RetentionPolicy(0, 0, 0, 1).KeepsNothing);

    [Fact]
    public void AllZero_KeepsNothing() => Assert.True(new RetentionPolicy(0, 0, 0, 0).KeepsNothing);
}
