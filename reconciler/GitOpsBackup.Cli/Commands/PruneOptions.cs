using System.CommandLine;
using GitOpsBackup.Planning;

namespace GitOpsBackup.Cli.Commands;

/// <summary>The prune guard's options, shared by plan (to preview) and apply.</summary>
internal sealed class PruneOptions
{
    private readonly Option<bool> _allow = new("--allow-mass-prune") { Description = "Allow deleting all, or more than --max-prune-share, of the managed apps in one pass" };

    private readonly Option<double> _share = new("--max-prune-share") { Description = "Largest share of managed apps one pass may delete (0..1)", DefaultValueFactory = _ => PlanOptions.Default.MaxPruneShare };

    public void AddTo(Command command)
    {
        command.Options.Add(_allow);
        command.Options.Add(_share);
        _share.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is < 0 or > 1)
            {
                result.AddError("--max-prune-share must be between 0 and 1");
            }
        });
    }

    public PlanOptions Read(ParseResult parsed) => new(parsed.GetValue(_allow), parsed.GetValue(_share));
}
