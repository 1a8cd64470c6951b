namespace Slipway.Engine;

/// <summary>
/// Where a parameter comes from in GitHub Actions: a configuration variable (<c>vars</c>), with an optional fallback.
/// Declared once, on the component that declares the parameter; every generated job whose targets use the parameter
/// gets it as the parameter's environment variable (<c>REGISTRY: ${{ vars.REGISTRY || 'ghcr.io' }}</c>). A build
/// overrides the source per job with <see cref="GitHubActionsJobAttribute.Variables"/>. NUKE has no equivalent, so this is ours.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = true)]
public sealed class GitHubActionsVariableAttribute : Attribute
{
    /// <summary>The variable named like the parameter's environment variable (<c>DOCKER_HOST</c> for <c>DockerHost</c>).</summary>
    public GitHubActionsVariableAttribute()
    {
    }

    /// <summary>The variable <paramref name="name"/>.</summary>
    public GitHubActionsVariableAttribute(string name)
    {
        Name = name;
    }

    public string? Name { get; }

    /// <summary>Used when the variable is not set: a property of the <c>github</c> context or a quoted text, e.g. <c>github.repository</c>, <c>'ghcr.io'</c>.</summary>
    public string? Default { get; set; }
}
