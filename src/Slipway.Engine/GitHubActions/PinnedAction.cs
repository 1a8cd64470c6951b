namespace Slipway.Engine.GitHubActions;

/// <summary>An action pinned to a full commit SHA, with the release tag that commit carries (written as a comment).</summary>
internal sealed record PinnedAction(string Repository, string Sha, string Version, string? Path = null)
{
    /// <summary><c>owner/repo[/path]@sha</c>: what <c>uses:</c> takes; the version goes into the comment after it.</summary>
    public string Reference => $"{Repository}{(Path is null ? string.Empty : "/" + Path)}@{Sha}";
}
