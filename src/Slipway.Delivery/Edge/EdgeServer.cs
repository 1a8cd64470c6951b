using System.Globalization;

namespace Slipway.Delivery.Edge;

/// <summary>
/// One server of the edge's app backend: a replica of a slot. Replica 1 keeps the slot's own name (<c>blue</c>), so edges
/// and state files from before replicas read the same; replica <c>k</c> is <c>blue{k}</c>.
/// </summary>
internal readonly record struct EdgeServer(EdgeSlot Slot, int Replica)
{
    /// <summary>The servers a slot has in the rendered config; a Scale or deploy beyond this is refused.</summary>
    public const int MaxReplicas = 8;

    public string Name => Replica == 1 ? Slot.ServerName : Slot.ServerName + Replica.ToString(CultureInfo.InvariantCulture);

    /// <summary>Every server of a slot, replica 1 first.</summary>
    public static IEnumerable<EdgeServer> AllOf(EdgeSlot slot) => Enumerable.Range(1, MaxReplicas).Select(r => new EdgeServer(slot, r));

    /// <summary>The server named <paramref name="name"/> in the app backend, or null for any other name.</summary>
    public static EdgeServer? Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var slot in Enum.GetValues<EdgeSlot>())
        {
            var prefix = slot.ServerName;
            if (!name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (name.Length == prefix.Length)
            {
                return new EdgeServer(slot, 1);
            }

            var digits = name[prefix.Length..];
            if (digits[0] != '0' && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var replica) && replica is > 1 and <= MaxReplicas)
            {
                return new EdgeServer(slot, replica);
            }
        }

        return null;
    }

    public override string ToString() => Name;
}
