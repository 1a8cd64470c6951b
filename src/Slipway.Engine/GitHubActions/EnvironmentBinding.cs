namespace Slipway.Engine.GitHubActions;

/// <summary>
/// A step variable set from the first non-empty of <see cref="Sources"/>: expression operands such as
/// <c>secrets.DEPLOY_SSH_KEY</c>, <c>vars.REGISTRY</c>, <c>github.actor</c> or <c>'ghcr.io'</c>.
/// </summary>
internal sealed record EnvironmentBinding(string Variable, IReadOnlyList<string> Sources)
{
    public string Expression => "${{ " + string.Join(" || ", Sources) + " }}";
}
