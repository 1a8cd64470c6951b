namespace Slipway.Engine;

/// <summary>
/// Moves one of the actions the generated workflows use to another commit than Slipway pins (<c>ActionPins</c>): how a
/// repository takes an action's update — the one a Dependabot pull request proposes, which the drift check quotes as
/// this attribute — without waiting for a Slipway release. Applies to every path of the repository (actions/cache's
/// restore and save too).
/// </summary>
/// <example>
/// <code>
/// [GitHubActionsPin("actions/checkout", "0123456789abcdef0123456789abcdef01234567", "v4.5.0")]
/// </code>
/// </example>
/// <param name="repository">The action's repository, as in <c>uses:</c> (<c>actions/checkout</c>).</param>
/// <param name="sha">The full 40-character commit SHA to run.</param>
/// <param name="version">The release tag that commit carries, written as the comment after the SHA.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = true)]
public sealed class GitHubActionsPinAttribute(string repository, string sha, string version) : Attribute
{
    public string Repository { get; } = repository;

    public string Sha { get; } = sha;

    public string Version { get; } = version;
}
