using System.Reflection;
using System.Text.RegularExpressions;

namespace Slipway.Engine.GitHubActions;

/// <summary>The pins a build's workflows use: <see cref="ActionPins"/>, with the build class's <see cref="GitHubActionsPinAttribute"/>s over them.</summary>
internal sealed partial class ActionPinSet
{
    private readonly IReadOnlyDictionary<string, GitHubActionsPinAttribute> overrides;

    private ActionPinSet(IReadOnlyDictionary<string, GitHubActionsPinAttribute> overrides) => this.overrides = overrides;

    public static ActionPinSet Default { get; } = new(new Dictionary<string, GitHubActionsPinAttribute>());

    /// <summary>The build type's pins; a pin of an action no workflow uses, a short SHA or a repeated repository is an error.</summary>
    public static ActionPinSet For(Type buildType)
    {
        ArgumentNullException.ThrowIfNull(buildType);
        var pins = buildType.GetCustomAttributes<GitHubActionsPinAttribute>(inherit: true).ToList();
        var known = ActionPins.All.Select(p => p.Repository).Distinct(StringComparer.Ordinal).ToList();
        foreach (var pin in pins)
        {
            var context = $"[GitHubActionsPin(\"{pin.Repository}\", \"{pin.Sha}\", \"{pin.Version}\")] on {buildType.Name}";
            if (!known.Contains(pin.Repository, StringComparer.Ordinal))
            {
                throw new BuildDefinitionException($"{context}: the generated workflows use no action {pin.Repository}. Pins move only these: {string.Join(", ", known)}.");
            }

            if (!FullSha().IsMatch(pin.Sha))
            {
                throw new BuildDefinitionException(
                    $"{context}: '{pin.Sha}' is not a full commit SHA. Pin the 40 lowercase hex digits of the release's commit (git rev-parse {pin.Version}^{{commit}}), never a tag, which can be moved.");
            }

            if (string.IsNullOrWhiteSpace(pin.Version))
            {
                throw new BuildDefinitionException($"{context}: give the release tag the commit carries (v4.5.0); it is written after the SHA so reviewers and Dependabot can read it.");
            }
        }

        foreach (var repeated in pins.GroupBy(p => p.Repository, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            throw new BuildDefinitionException($"{buildType.Name} pins {repeated.Key} {repeated.Count()} times: keep one [GitHubActionsPin] per action.");
        }

        return pins.Count == 0 ? Default : new ActionPinSet(pins.ToDictionary(p => p.Repository, StringComparer.Ordinal));
    }

    /// <summary>The action as the workflows run it: the build's pin of its repository, if any, at the same path.</summary>
    public PinnedAction Resolve(PinnedAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return overrides.TryGetValue(action.Repository, out var pin) ? action with { Sha = pin.Sha, Version = pin.Version } : action;
    }

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex FullSha();
}
