using System.Text.RegularExpressions;

namespace Slipway.Delivery.GitHub;

/// <summary>A repository as GitHub addresses it: <c>owner/name</c>.</summary>
internal sealed partial record GitHubRepositoryName(string Owner, string Name)
{
    public override string ToString() => $"{Owner}/{Name}";

    public static bool TryParse(string? text, out GitHubRepositoryName? repository)
    {
        repository = null;
        var match = text is null ? null : OwnerSlashName().Match(text.Trim());
        if (match is not { Success: true })
        {
            return false;
        }

        repository = new GitHubRepositoryName(match.Groups[1].Value, match.Groups[2].Value);
        return true;
    }

    /// <summary>
    /// Reads owner/name from a remote URL: <c>https://github.com/o/r(.git)</c>, <c>git@github.com:o/r.git</c>,
    /// <c>ssh://git@host/o/r.git</c>, or the same on a GitHub Enterprise host. Local paths and other shapes give null.
    /// </summary>
    public static GitHubRepositoryName? FromRemoteUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        var match = RemoteUrl().Match(url.Trim());
        return match.Success && TryParse($"{match.Groups["owner"].Value}/{match.Groups["name"].Value}", out var repository)
            ? repository
            : null;
    }

    [GeneratedRegex(@"^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38})?)/([A-Za-z0-9._-]{1,100})$", RegexOptions.CultureInvariant)]
    private static partial Regex OwnerSlashName();

    [GeneratedRegex(@"^(?:(?:https?|ssh|git)://(?:[^@/]+@)?[^/]+/|[^@/\s]+@[^:/\s]+:)(?<owner>[^/]+)/(?<name>[^/]+?)(?:\.git)?/?$", RegexOptions.CultureInvariant)]
    private static partial Regex RemoteUrl();
}
