namespace Slipway.Engine;

/// <summary>
/// A permission of a job's <c>GITHUB_TOKEN</c> beyond <c>contents: read</c> (GitHub's permission scopes, least privilege:
/// a job gets only what its declaration asks for).
/// </summary>
public enum GitHubTokenAccess
{
    ActionsRead,
    AttestationsWrite,
    ChecksWrite,
    ContentsWrite,
    DeploymentsWrite,
    IdTokenWrite,
    IssuesWrite,
    PackagesRead,
    PackagesWrite,
    PullRequestsWrite,
    SecurityEventsWrite,
    StatusesWrite,
}
