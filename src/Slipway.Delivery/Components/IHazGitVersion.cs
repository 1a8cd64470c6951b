using Slipway.Delivery.Versioning;
using Slipway.Engine;

namespace Slipway.Delivery.Components;

/// <summary>The version computed from git once per run (NUKE's IHazGitVersion), for stamping, tags and labels.</summary>
public interface IHazGitVersion : ISlipwayBuild
{
    GitVersionInfo GitVersion => Context.Memoize(nameof(GitVersion), () =>
        Versioning.GitVersion.ComputeAsync(new GitVersionRequest(RootDirectory, BranchHints)).GetAwaiter().GetResult());

    /// <summary>CI's view of the ref, read from the build's environment (a detached HEAD in Actions has no branch).</summary>
    BranchHints BranchHints => new(Context.GetEnvironmentVariable("GITHUB_REF"), Context.GetEnvironmentVariable("GITHUB_HEAD_REF"));
}
