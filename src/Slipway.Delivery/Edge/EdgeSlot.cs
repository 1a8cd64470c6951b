namespace Slipway.Delivery.Edge;

/// <summary>
/// One of the two server slots of the edge's backend. A deploy boots the new version in the slot that is not serving
/// and switches traffic to it; the previous version stays warm in the other slot for an instant switch back.
/// </summary>
internal enum EdgeSlot
{
    Blue,
    Green,
}
