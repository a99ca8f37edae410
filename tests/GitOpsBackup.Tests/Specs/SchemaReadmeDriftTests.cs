using GitOpsBackup.Specs.Schema;
using GitOpsBackup.Tests.Fixtures;

namespace GitOpsBackup.Tests.Specs;

/// <summary>
/// The field tables of spec-schema/README.md are exactly what SchemaReadme makes from the JSON
/// Schemas now. After a schema change, `make schema` (UPDATE_SCHEMA=1) rewrites them with the CRDs.
/// </summary>
public sealed class SchemaReadmeDriftTests
{
    private static string ReadmePath => Path.Combine(CheckoutPaths.SpecSchema, "README.md");

    [Fact]
    public void ReadmeFieldTables_MatchTheSchemas()
    {
        var committed = File.ReadAllText(ReadmePath);
        var generated = SchemaReadme.Rewrite(committed);
        if (Environment.GetEnvironmentVariable("UPDATE_SCHEMA") == "1")
        {
            File.WriteAllText(ReadmePath, generated);
            committed = generated;
        }

        Assert.True(committed == generated, "spec-schema/README.md's field tables differ from the schemas; run `make schema` and commit the result");
    }

    [Fact]
    public void Readme_HasATable_PerKind()
    {
        var readme = File.ReadAllText(ReadmePath);

        Assert.All(Enum.GetValues<SpecKind>(), kind =>
        {
            Assert.Contains(SchemaReadme.Begin(kind), readme, StringComparison.Ordinal);
            Assert.Contains(SchemaReadme.End(kind), readme, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Table_ListsEveryField_WithItsDefault()
    {
        var table = SchemaReadme.Table(SpecKind.BackupDefaults);

        Assert.Contains("| `spec.s3.region` | string | `us-east-1` |", table, StringComparison.Ordinal);
        Assert.Contains("| `spec.retention` | object | `{daily: 7, weekly: 6, monthly: 6, yearly: 1}` |", table, StringComparison.Ordinal);
        Assert.Contains("| `spec.images.backup` | string, required |  |", table, StringComparison.Ordinal);
        Assert.Equal(SchemaFields.Of(SpecKind.BackupDefaults).Count - 2, table.Split('\n').Count(l => l.StartsWith("| `", StringComparison.Ordinal)));
    }
}
