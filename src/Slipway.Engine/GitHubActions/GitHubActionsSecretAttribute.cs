namespace Slipway.Engine;

/// <summary>
/// Where a <see cref="SecretAttribute">[Secret]</see> parameter comes from in GitHub Actions: a repository or environment
/// secret. Declared once, on the component that declares the parameter; every generated job whose targets use the
/// parameter gets it as the parameter's environment variable (<c>REGISTRY_PASSWORD: ${{ secrets.GITHUB_TOKEN }}</c>).
/// A build overrides the source per job with <see cref="GitHubActionsJobAttribute.Secrets"/>. NUKE has no equivalent
/// (its <c>[GitHubActions(ImportSecrets = ...)]</c> lists secrets per workflow, by name), so this is ours.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = true)]
#pragma warning disable CA1819 // Attribute arguments can only be arrays; nothing mutates them after construction.
public sealed class GitHubActionsSecretAttribute : Attribute
{
    /// <summary>The secret named like the parameter's environment variable (<c>DEPLOY_SSH_KEY</c> for <c>DeploySshKey</c>).</summary>
    public GitHubActionsSecretAttribute()
    {
        Names = [];
    }

    /// <summary>The first of these secrets that is set, e.g. <c>("RELEASE_TOKEN", "GITHUB_TOKEN")</c>.</summary>
    public GitHubActionsSecretAttribute(params string[] names)
    {
        Names = names ?? [];
    }

    public string[] Names { get; }
}
#pragma warning restore CA1819
