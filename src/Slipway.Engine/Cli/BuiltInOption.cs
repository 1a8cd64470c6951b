namespace Slipway.Engine.Cli;

/// <summary>An option of the engine itself (not a build parameter): read from the command line only.</summary>
public sealed record BuiltInOption(string Name, OptionArity Arity, string Placeholder, string Description)
{
    public string Key => CommandLineOption.Normalize(Name);

    public static IReadOnlyList<BuiltInOption> All { get; } =
    [
        new("help", OptionArity.Flag, "", "Show targets and parameters, then exit."),
        new("plan", OptionArity.Flag, "", "Print the execution plan and write a Mermaid graph to .nuke/temp/plan.html, then exit."),
        new("json", OptionArity.Flag, "", "With --plan: print the plan as JSON (waves, skip and cache decisions with reasons)."),
        new("target", OptionArity.Many, "<targets>", "Targets to run (same as naming them first)."),
        new("skip", OptionArity.Many, "[targets]", "Skip these targets; with no names, skip every target not invoked."),
        new("verbosity", OptionArity.One, "<level>", "quiet, minimal, normal (default) or verbose."),
        new("root", OptionArity.One, "<path>", "Repository root (default: the nearest folder above with .nuke/)."),
        new("profile", OptionArity.Many, "<names>", "Also read .nuke/parameters.<name>.json (later profiles win)."),
        new("parallel", OptionArity.FlagOrCount, "[count]", "Run up to <count> independent targets at once (default: on, one per processor); --parallel 1 runs one at a time, in plan order."),
        new("no-cache", OptionArity.Flag, "", "Run every target, even those whose inputs match an earlier successful run (the cache stays as it is)."),
        new("no-logo", OptionArity.Flag, "", "Do not print the banner."),
        new("generate-workflows", OptionArity.Flag, "", "Write .github/workflows from the [GitHubActions] attributes, then exit."),
    ];
}
