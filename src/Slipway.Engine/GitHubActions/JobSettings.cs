namespace Slipway.Engine.GitHubActions;

/// <summary>A job's declaration (<see cref="GitHubActionsJobAttribute"/>) checked and resolved for one workflow.</summary>
internal sealed record JobSettings(
    IReadOnlyList<KeyValuePair<string, string>> Permissions,
    IReadOnlyList<EnvironmentBinding> Secrets,
    IReadOnlyList<EnvironmentBinding> Variables,
    string? EnvironmentName,
    string? EnvironmentUrl,
    string? ConcurrencyGroup,
    string? Condition,
    string? CodeScanningResults,
    int TimeoutMinutes,
    IReadOnlyList<SetupStep> SetupSteps)
{
    public bool CanWriteContents => Permissions.Any(p => p.Key == "contents" && p.Value == "write");
}
