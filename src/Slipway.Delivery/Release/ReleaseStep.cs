using Slipway.Delivery.Git;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Release;

/// <summary>One step of a <see cref="ReleasePlan"/>: data that a dry run prints and <see cref="ReleaseExecutor"/> performs.</summary>
internal abstract record ReleaseStep
{
    /// <summary>What the step does, in a sentence.</summary>
    public abstract string Description { get; }

    /// <summary>The git command lines the step runs (none for file and API steps), shown by a dry run.</summary>
    public virtual IReadOnlyList<ToolInvocation> GitCommands(GitCommands git) => [];
}
