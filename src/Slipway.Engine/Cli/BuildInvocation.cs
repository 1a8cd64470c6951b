namespace Slipway.Engine.Cli;

/// <summary>What one run of the build was asked to do, with parameter values still raw.</summary>
public sealed class BuildInvocation
{
    public List<string> Targets { get; } = [];

    public bool Help { get; set; }

    public bool Plan { get; set; }

    /// <summary>With <see cref="Plan"/>: the plan as JSON.</summary>
    public bool Json { get; set; }

    public bool NoLogo { get; set; }

    public bool NoCache { get; set; }

    /// <summary>Write .github/workflows from the build class's [GitHubActions] attributes, then exit.</summary>
    public bool GenerateWorkflows { get; set; }

    /// <summary>null: nothing skipped; empty: everything not invoked.</summary>
    public List<string>? Skip { get; set; }

    /// <summary>How many targets may run at once; null: one per processor.</summary>
    public int? Parallelism { get; set; }

    public string? Verbosity { get; set; }

    public string? Root { get; set; }

    public List<string> Profiles { get; } = [];

    /// <summary>Build parameters from the command line, keyed by parameter name.</summary>
    public Dictionary<string, IReadOnlyList<string>> ParameterValues { get; } = new(StringComparer.OrdinalIgnoreCase);
}
