using Slipway.Delivery.Git;
using Slipway.Delivery.Versioning;

namespace Slipway.Delivery.Release;

/// <summary>What <see cref="ReleasePlanner.Assess"/> decided: how far an earlier run got and which commits the notes cover.</summary>
/// <param name="Mode">What is left to do.</param>
/// <param name="NotesUntil">The newest commit the release notes cover (HEAD, or the parent of an existing release commit).</param>
/// <param name="ReleaseCommit">The release commit made by an earlier run, if any.</param>
internal sealed record ReleaseAssessment(ReleaseMode Mode, string NotesUntil, GitCommit? ReleaseCommit)
{
    /// <summary>Set when the release patches an older line from its hotfix branch: the line, and the newer release that stays the latest.</summary>
    public (ReleaseLine Line, VersionTag Latest)? OlderLine { get; init; }
}
