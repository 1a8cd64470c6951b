namespace Slipway.Delivery.Versioning;

/// <summary>What a branch is for, which decides its increment and pre-release label (GitVersion's branch configuration).</summary>
internal enum BranchKind
{
    /// <summary>main or master: next patch, label <c>-N</c>.</summary>
    Main,

    /// <summary>develop: next minor, label <c>-alpha.N</c>.</summary>
    Develop,

    /// <summary>release/X.Y.Z: that version, label <c>-beta.N</c>.</summary>
    Release,

    /// <summary>hotfix/*: next patch, label <c>-beta.N</c>.</summary>
    Hotfix,

    /// <summary>A pull request build (GitHub's refs/pull/N/merge): next patch, label <c>-prN.M</c>.</summary>
    PullRequest,

    /// <summary>Any other branch (feature/*, ...): next patch, label from the sanitized branch name.</summary>
    Other,

    /// <summary>HEAD detached and no CI variable names a branch.</summary>
    Detached,
}
