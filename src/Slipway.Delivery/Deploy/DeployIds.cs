using System.Globalization;
using System.Security.Cryptography;

namespace Slipway.Delivery.Deploy;

/// <summary>Record ids that sort by time and say what they are: <c>d-20261121T214801Z-3fa9c1</c> (deploy), <c>r-…</c> (rollback), <c>m-…</c> (maintenance).</summary>
internal static class DeployIds
{
    public static string New(DeployKind kind, DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"{kind switch { DeployKind.Rollback => 'r', DeployKind.Maintenance => 'm', DeployKind.Scale => 's', _ => 'd' }}-{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}");
}
