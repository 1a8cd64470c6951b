namespace Slipway.Engine.GitHubActions;

/// <summary>A pinned action step that installs a tool (<see cref="GitHubActionsSetup"/>), with its inputs.</summary>
internal sealed record SetupStep(string Name, PinnedAction Action, IReadOnlyList<KeyValuePair<string, YamlScalar>> With)
{
    /// <summary>The step of each <see cref="GitHubActionsSetup"/> value.</summary>
    public static SetupStep For(GitHubActionsSetup setup, string context) => setup switch
    {
        // The version input pins the trivy binary (setup-trivy defaults to "latest"); the cache keeps that binary
        // between runs, keyed by the version, so a nightly run does not download it again.
        GitHubActionsSetup.Trivy => new SetupStep(
            $"Install trivy {ActionPins.TrivyVersion}",
            ActionPins.SetupTrivy,
            [new("version", ActionPins.TrivyVersion), new("cache", YamlScalar.Of(true))]),
        _ => throw new BuildDefinitionException(
            $"{context}: SetupSteps holds {(int)setup}, which is not a known setup step. Known: {string.Join(", ", Enum.GetNames<GitHubActionsSetup>())}."),
    };
}
