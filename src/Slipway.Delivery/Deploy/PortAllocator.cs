using Slipway.Engine;

namespace Slipway.Delivery.Deploy;

/// <summary>Picks the loopback port of a new app container: the first in the environment's range that no Slipway container on the host claims, running or retained.</summary>
internal static class PortAllocator
{
    public static int Choose(PortRange range, IEnumerable<int> claimed, IEnumerable<int>? alsoAvoid = null)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        var taken = claimed.Concat(alsoAvoid ?? []).ToHashSet();
        foreach (var port in range.Ports)
        {
            if (!taken.Contains(port))
            {
                return port;
            }
        }

        throw new BuildFailedException(
            $"Every port of the app port range {range} is claimed by a Slipway container on the host. " +
            "Widen the range (AppPorts, SLIPWAY_<ENV>_APP_PORTS) or lower RetainedVersions.");
    }
}
