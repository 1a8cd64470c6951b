using System.Globalization;

namespace Slipway.Delivery.Deploy;

/// <summary>Record ids that sort by time and say what they are: <c>d-20261121T214801Z-3fa9c1</c> (deploy), <c>r-…</c> (rollback), <c>m-…</c> (maintenance).</summary>
internal static class DeployIds
{
    // The suffix only tells apart operations started in the same second, so it need not be cryptographic: loading
    // OpenSSL for it cost a rollback some 50 ms before its first command.
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5394", Justification = "Tells apart ids of the same second; nothing secret or guessable-sensitive depends on it.")]
    public static string New(DeployKind kind, DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"{kind switch { DeployKind.Rollback => 'r', DeployKind.Maintenance => 'm', DeployKind.Scale => 's', _ => 'd' }}-{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Random.Shared.GetHexString(6, lowercase: true)}");
}
