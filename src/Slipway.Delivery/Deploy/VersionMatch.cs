namespace Slipway.Delivery.Deploy;

/// <summary>
/// Version identity as SemVer defines it: build metadata (<c>+sha.1a2b3c4</c>) does not count. <c>/status</c> reports
/// the informational version (<c>1.4.0+sha.1a2b3c4</c>), the image label the SemVer (<c>1.4.0</c>); they match.
/// </summary>
internal static class VersionMatch
{
    public static string WithoutMetadata(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return (plus < 0 ? version : version[..plus]).Trim();
    }

    public static bool Same(string? left, string? right) =>
        left is not null && right is not null && string.Equals(WithoutMetadata(left), WithoutMetadata(right), StringComparison.Ordinal);

    /// <summary>Whether a version carries a pre-release label (<c>1.4.0-beta.1</c>), which production refuses.</summary>
    public static bool IsPreRelease(string version) => WithoutMetadata(version).Contains('-', StringComparison.Ordinal);
}
