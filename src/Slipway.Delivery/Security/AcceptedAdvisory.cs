namespace Slipway.Delivery.Security;

/// <summary>An advisory the team accepted for a while: why, and until when.</summary>
internal sealed record AcceptedAdvisory(string Advisory, string? Package, string Reason, DateOnly Expires)
{
    public bool IsExpired(DateOnly today) => today > Expires;

    public bool Covers(VulnerablePackage vulnerability)
    {
        ArgumentNullException.ThrowIfNull(vulnerability);
        return string.Equals(Advisory.TrimEnd('/'), vulnerability.AdvisoryUrl.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)
            && (Package is null || string.Equals(Package, vulnerability.Package, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>An image finding: the entry's advisory is its id (CVE-…, GHSA-…) or its URL, and the package matches when the entry names one.</summary>
    public bool Covers(TrivyVulnerability finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var advisory = Advisory.TrimEnd('/');
        return (string.Equals(advisory, finding.Id, StringComparison.OrdinalIgnoreCase)
                || (finding.Url is { } url && string.Equals(advisory, url.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)))
            && (Package is null || string.Equals(Package, finding.Package, StringComparison.OrdinalIgnoreCase));
    }
}
