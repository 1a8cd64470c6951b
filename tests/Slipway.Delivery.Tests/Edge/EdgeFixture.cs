using Slipway.Delivery.Edge;

namespace Slipway.Delivery.Tests.Edge;

/// <summary>
/// Base of the edge fixtures: before each test, a real HAProxy edge (<see cref="EdgeUnderTest"/>) and two live upstreams,
/// one per slot — <see cref="Blue"/> answers "v1", <see cref="Green"/> answers "v2"; after it, all three stop.
/// NUnit runs this set-up before a derived fixture's own and this tear-down after it.
/// </summary>
public abstract class EdgeFixture
{
    private protected EdgeUnderTest Edge { get; private set; } = null!;

    /// <summary>The upstream meant for the blue slot; answers "v1".</summary>
    private protected UpstreamApp Blue { get; private set; } = null!;

    /// <summary>The upstream meant for the green slot; answers "v2".</summary>
    private protected UpstreamApp Green { get; private set; } = null!;

    [SetUp]
    public async Task StartEdgeAsync()
    {
        try
        {
            Blue = await UpstreamApp.StartAsync("v1");
            Green = await UpstreamApp.StartAsync("v2");
            Edge = await EdgeUnderTest.StartAsync(CustomizeEdge);
        }
        catch
        {
            // What did start stops here, whether or not NUnit runs the tear-down after a failed set-up (it then finds nothing).
            await StopEdgeAsync();
            throw;
        }
    }

    [TearDown]
    public async Task StopEdgeAsync()
    {
        try
        {
            if (Edge is not null)
            {
                await Edge.DisposeAsync();
            }
        }
        finally
        {
            if (Blue is not null)
            {
                await Blue.DisposeAsync();
            }

            if (Green is not null)
            {
                await Green.DisposeAsync();
            }

            (Edge, Blue, Green) = (null!, null!, null!);
        }
    }

    /// <summary>Adjusts the edge's fast test settings before it starts (once per test); the default keeps them.</summary>
    private protected virtual EdgeSettings CustomizeEdge(EdgeSettings settings) => settings;

    /// <summary>Assigns <paramref name="slot"/> its own upstream and switches traffic to it.</summary>
    private protected Task<EdgeStatus> ServeAsync(EdgeSlot slot) => Edge.ServeAsync(slot, slot == EdgeSlot.Blue ? Blue : Green);
}
