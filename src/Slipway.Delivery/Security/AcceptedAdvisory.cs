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
}
