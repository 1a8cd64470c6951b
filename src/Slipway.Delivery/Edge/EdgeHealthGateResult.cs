namespace Slipway.Delivery.Edge;

/// <summary>The outcome of waiting for a slot to pass consecutive health checks.</summary>
internal sealed record EdgeHealthGateResult(bool Passed, int ConsecutivePasses, SlotStatus Slot, TimeSpan Waited);
