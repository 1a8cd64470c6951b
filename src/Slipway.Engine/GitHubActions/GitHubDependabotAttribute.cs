namespace Slipway.Engine;

/// <summary>
/// Declares the repository's Dependabot version updates, which <c>./build.sh --generate-workflows</c> writes to
/// <c>.github/dependabot.yml</c> beside the workflows (and CI checks for drift like them): NuGet (central package
/// management reads Directory.Packages.props at the root), the generated workflows' actions, and optionally Dockerfiles,
/// each in one grouped pull request per interval whose title passes <c>CheckPullRequest</c> (<c>build(deps): …</c>,
/// <c>ci(deps): …</c>). An action update edits generated files: the drift check of that pull request names the
/// <see cref="GitHubActionsPinAttribute"/> that takes it.
/// </summary>
/// <example>
/// <code>
/// [GitHubDependabot(Interval = "weekly", Day = "monday")]
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
#pragma warning disable CA1819 // Attribute arguments can only be arrays; nothing mutates them after construction.
public sealed class GitHubDependabotAttribute : Attribute
{
    /// <summary>Folders (from the repository root, starting with <c>/</c>) whose NuGet packages are updated; empty: none.</summary>
    public string[] NuGetDirectories { get; set; } = ["/"];

    /// <summary>Whether the actions of the generated workflows are updated (on by default: pinned SHAs age).</summary>
    public bool GitHubActions { get; set; } = true;

    /// <summary>
    /// Folders whose Dockerfile's base images are updated. Each Dockerfile must name its images in its FROM lines:
    /// Dependabot does not read <c>ARG</c> defaults (dependabot-core#2057), so such a folder is refused, not silently
    /// left without updates.
    /// </summary>
    public string[] DockerDirectories { get; set; } = [];

    /// <summary><c>daily</c>, <c>weekly</c> or <c>monthly</c>.</summary>
    public string Interval { get; set; } = "weekly";

    /// <summary>The weekday of a weekly run (<c>monday</c> … <c>sunday</c>).</summary>
    public string Day { get; set; } = "monday";

    /// <summary>Open update pull requests per ecosystem (Dependabot's default is 5).</summary>
    public int OpenPullRequestsLimit { get; set; } = 5;
}
#pragma warning restore CA1819
