namespace Slipway.Delivery.Security;

/// <summary>One advisory against one resolved package in one project.</summary>
internal sealed record VulnerablePackage(
    string Project,
    string Package,
    string Version,
    VulnerabilitySeverity Severity,
    string AdvisoryUrl,
    bool Transitive)
{
    public string Describe() =>
        $"{Package} {Version} ({(Transitive ? "transitive" : "direct")}) has a {Severity.ToString().ToUpperInvariant()} vulnerability: {AdvisoryUrl}";
}
