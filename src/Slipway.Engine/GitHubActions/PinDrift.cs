using System.Text.RegularExpressions;

namespace Slipway.Engine.GitHubActions;

/// <summary>
/// An action a committed workflow runs at another commit than the build pins — what a Dependabot update of the
/// github-actions ecosystem writes into the generated files — and the attribute that takes it.
/// </summary>
internal sealed partial record PinDrift(string Repository, string CommittedSha, string? CommittedVersion, string PinnedSha, string PinnedVersion)
{
    /// <summary>The <see cref="GitHubActionsPinAttribute"/> that makes the generated workflows run the committed commit.</summary>
    public string Attribute => $"[GitHubActionsPin(\"{Repository}\", \"{CommittedSha}\", \"{CommittedVersion ?? "vX.Y.Z"}\")]";

    /// <summary>Each repository whose commit differs between the committed and the generated text of the same workflows.</summary>
    public static IReadOnlyList<PinDrift> Find(IEnumerable<(string Committed, string Generated)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var drifts = new List<PinDrift>();
        foreach (var (committed, generated) in files)
        {
            var pinned = Uses(generated).GroupBy(u => u.Repository, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            foreach (var use in Uses(committed))
            {
                if (pinned.TryGetValue(use.Repository, out var pin) && pin.Sha != use.Sha
                    && !drifts.Any(d => d.Repository == use.Repository && d.CommittedSha == use.Sha))
                {
                    drifts.Add(new PinDrift(use.Repository, use.Sha, use.Version, pin.Sha, pin.Version ?? "?"));
                }
            }
        }

        return drifts;
    }

    private static IEnumerable<(string Repository, string Sha, string? Version)> Uses(string workflow) =>
        UsesLine().Matches(workflow).Select(m => (m.Groups["repo"].Value, m.Groups["sha"].Value, m.Groups["version"].Success ? m.Groups["version"].Value : null));

    // uses: owner/repo[/path]@<40 hex>[ # version] — the form the generator writes and Dependabot keeps when it bumps a pin.
    [GeneratedRegex(@"uses:\s*(?<repo>[\w.-]+/[\w.-]+)(?:/[^@\s]+)?@(?<sha>[0-9a-f]{40})(?:\s+#\s*(?<version>\S+))?", RegexOptions.CultureInvariant)]
    private static partial Regex UsesLine();
}
