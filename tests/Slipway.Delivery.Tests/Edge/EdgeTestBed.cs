using Slipway.Delivery.Edge;

namespace Slipway.Delivery.Tests.Edge;

/// <summary>
/// The set-up the edge tests share: a real HAProxy edge (<see cref="EdgeUnderTest"/>) and two live upstreams, one per
/// slot — <see cref="Blue"/> answers "v1", <see cref="Green"/> answers "v2". Disposing stops all three.
/// </summary>
internal sealed class EdgeTestBed : IAsyncDisposable
{
    private EdgeTestBed(EdgeUnderTest edge, UpstreamApp blue, UpstreamApp green)
    {
        Edge = edge;
        Blue = blue;
        Green = green;
    }

    public EdgeUnderTest Edge { get; }

    /// <summary>The upstream meant for the blue slot; answers "v1".</summary>
    public UpstreamApp Blue { get; }

    /// <summary>The upstream meant for the green slot; answers "v2".</summary>
    public UpstreamApp Green { get; }

    /// <summary>Starts both upstreams and an edge; <paramref name="customize"/> adjusts the edge's fast test settings.</summary>
    public static async Task<EdgeTestBed> StartAsync(Func<EdgeSettings, EdgeSettings>? customize = null)
    {
        var blue = await UpstreamApp.StartAsync("v1");
        UpstreamApp? green = null;
        try
        {
            green = await UpstreamApp.StartAsync("v2");
            return new EdgeTestBed(await EdgeUnderTest.StartAsync(customize), blue, green);
        }
        catch
        {
            // NUnit runs no TearDown after a failed SetUp: what did start is stopped here.
            if (green is not null)
            {
                await green.DisposeAsync();
            }

            await blue.DisposeAsync();
            throw;
        }
    }

    /// <summary>Assigns <paramref name="slot"/> its own upstream and switches traffic to it.</summary>
    public Task<EdgeStatus> ServeAsync(EdgeSlot slot) => Edge.ServeAsync(slot, slot == EdgeSlot.Blue ? Blue : Green);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Edge.DisposeAsync();
        }
        finally
        {
            await Blue.DisposeAsync();
            await Green.DisposeAsync();
        }
    }
}
