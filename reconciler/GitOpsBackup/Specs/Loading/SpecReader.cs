using GitOpsBackup.Specs.Checks;
using GitOpsBackup.Specs.Schema;
using GitOpsBackup.Specs.Yaml;

namespace GitOpsBackup.Specs.Loading;

/// <summary>Reads one backup.homelab.dev document: schema, then the kind's checks, then the model value.</summary>
internal static class SpecReader
{
    public static SpecDocument Read(string file, YamlMapping root, string apiVersion, string? kind)
    {
        var location = new SourceLocation(file, root.Line, root.Column);
        var metadata = root.Get("metadata") as YamlMapping;
        var name = metadata?.GetString("name");
        var ns = metadata?.Get("namespace") as YamlScalar;
        var parsedKind = Enum.TryParse<SpecKind>(kind, ignoreCase: false, out var k) && Enum.IsDefined(k) && kind == k.ToString() ? k : (SpecKind?)null;

        var wrongVersion = apiVersion != SpecSchemas.ApiVersion;
        if (wrongVersion || parsedKind is null)
        {
            var node = wrongVersion ? root.Get("apiVersion")! : (YamlNode?)root.Get("kind") ?? root;
            var message = wrongVersion
                ? $"unsupported apiVersion '{apiVersion}'"
                : kind is null ? "kind is missing" : $"unknown kind '{kind}' in {SpecSchemas.Group}";
            var suggestion = kind is null ? null : DidYouMean.Suggest(kind, Enum.GetNames<SpecKind>());
            var hint = wrongVersion
                ? $"this version reads {SpecSchemas.ApiVersion}"
                : suggestion is not null ? $"did you mean '{suggestion}'?" : $"known kinds: {string.Join(", ", Enum.GetNames<SpecKind>())}";
            return new SpecDocument
            {
                Kind = parsedKind ?? SpecKind.HomelabBackup,
                Location = location,
                Name = name,
                Diagnostics = [Diagnostic.Error(new SourceLocation(file, node.Line, node.Column), "kind", message, hint)],
            };
        }

        var map = YamlJson.Convert(root);
        var view = new DocumentView(file, map);
        view.Diagnostics.AddRange(SchemaValidator.Validate(parsedKind.Value, map, file));
        // The named formats' checks, then the rules only C# can state (across fields, across entries).
        SchemaFormats.Check(view, parsedKind.Value);
        KindChecks.Check(parsedKind.Value, view);

        var ok = !view.HasErrors;
        return new SpecDocument
        {
            Kind = parsedKind.Value,
            Location = location,
            Name = name,
            MetadataNamespace = ns is { Value.Length: > 0 } ? ns.Value : null,
            MetadataNamespaceLocation = ns is null ? null : new SourceLocation(file, ns.Line, ns.Column),
            SpecNamespace = view.String("/spec/namespace"),
            Diagnostics = view.Diagnostics,
            App = ok && parsedKind == SpecKind.HomelabBackup ? ModelBuilder.App(view.WithSchemaDefaults(SpecKind.HomelabBackup), location) : null,
            Defaults = ok && parsedKind == SpecKind.BackupDefaults ? ModelBuilder.Defaults(view.WithSchemaDefaults(SpecKind.BackupDefaults), location) : null,
            ExternalClone = ok && parsedKind == SpecKind.ExternalClone ? ModelBuilder.Clone(view.WithSchemaDefaults(SpecKind.ExternalClone), location) : null,
        };
    }
}
