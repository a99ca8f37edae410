using GitOpsBackup.Reconciling;

namespace GitOpsBackup.Tests.Reconciling;

/// <summary>The "pass now" trigger: requests made while none is taken collapse into one.</summary>
public sealed class PassTriggerTests
{
    [Fact]
    public async Task Requests_BeforeAWait_CoalesceIntoOne()
    {
        var trigger = new PassTrigger();
        trigger.Request();
        trigger.Request();
        trigger.Request();

        await trigger.WaitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        var second = trigger.WaitAsync(CancellationToken.None);

        Assert.False(second.IsCompleted, "three requests gave more than one pass");
        trigger.Request();
        await second.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
