using GitOpsBackup.Specs;
using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Tests.Specs;

/// <summary>Findings and app keys sort by a total order: any input order gives the same output, and sorting never throws.</summary>
public sealed class OrderingTests
{
    private static readonly SourceLocation Here = new("apps/a/backup.yaml", 3, 5);

    private static readonly Diagnostic[] SamePlace =
    [
        Diagnostic.Error(Here, "schema", "b message"),
        Diagnostic.Error(Here, "schema", "a message", "hint 2"),
        Diagnostic.Error(Here, "schema", "a message", "hint 1"),
        Diagnostic.Error(Here, "schema", "a message"),
        Diagnostic.Error(Here, "name", "z message"),
        Diagnostic.Warning(Here, "aaa", "a warning"),
        Diagnostic.Error(Here with { Column = 4 }, "zzz", "earlier column"),
        Diagnostic.Error(Here with { File = "apps/A/backup.yaml" }, "zzz", "upper-case folder sorts first, ordinally"),
    ];

    [Fact]
    public void Diagnostics_SortTheSame_WhateverTheInputOrder()
    {
        var expected = new[]
        {
            "apps/A/backup.yaml:3:5: error: upper-case folder sorts first, ordinally",
            "apps/a/backup.yaml:3:4: error: earlier column",
            "apps/a/backup.yaml:3:5: error: z message",
            "apps/a/backup.yaml:3:5: error: a message",
            "apps/a/backup.yaml:3:5: error: a message (hint: hint 1)",
            "apps/a/backup.yaml:3:5: error: a message (hint: hint 2)",
            "apps/a/backup.yaml:3:5: error: b message",
            "apps/a/backup.yaml:3:5: warning: a warning",
        };
        var random = new Random(15);
        for (var round = 0; round < 50; round++)
        {
            var shuffled = SamePlace.OrderBy(_ => random.Next()).ToList();

            shuffled.Sort(Diagnostic.Order);

            Assert.Equal(expected, shuffled.Select(d => d.ToString()));
        }
    }

    [Fact]
    public void AppKeys_SortByNamespaceThenName_Ordinally()
    {
        HashSet<AppKey> broken = [new("media", "immich"), new("b", "z"), new("b", "a"), new("Media", "x"), new("media", "Immich")];

        var sorted = broken.Order().Select(k => k.ToString());

        Assert.Equal(["Media/x", "b/a", "b/z", "media/Immich", "media/immich"], sorted);
        Assert.True(new AppKey("a", "b") < new AppKey("b", "a"));
        Assert.True(new AppKey("a", "b") >= new AppKey("a", "b"));
    }
}
