using Slipway.Delivery.Edge;

namespace Slipway.Delivery.Tests.Edge;

/// <summary>
/// A switch that asks for fewer consecutive passes than HAProxy's <c>rise</c> (a rollback to a version that served) moves
/// traffic once that many passed, without waiting for HAProxy to count up to <c>rise</c> by itself. Rise 3 with checks a
/// second apart, so "fewer than rise" is a count of the upstream's own health requests, not a timing.
/// </summary>
[TestFixture]
public sealed class EdgeFewerPassesSwitchTests : EdgeFixture
{
    private const int Rise = 3;

    [Test]
    public async Task A_switch_asking_for_one_pass_serves_the_target_before_rise_checks()
    {
        await ServeAsync(EdgeSlot.Blue);
        await Edge.Client.AssignAsync(EdgeSlot.Green, Green.Endpoint);

        var after = await Edge.Client.SwitchToAsync(EdgeSlot.Green, new EdgeSwitchOptions { ConsecutiveChecks = 1, HealthTimeout = TimeSpan.FromSeconds(20) });
        var checksAtSwitch = Green.HealthChecks;
        var answer = await Edge.Http.GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(after.ActiveSlot, Is.EqualTo(EdgeSlot.Green));
            Assert.That(after.Green.IsServing, Is.True, "forced up, so HAProxy routes to it");
            Assert.That(answer, Is.EqualTo("v2"));
            Assert.That(checksAtSwitch, Is.InRange(1, Rise - 1), "switched after one pass, not after rise");
        });
    }

    [Test]
    public async Task A_switch_without_a_count_still_waits_for_rise()
    {
        await ServeAsync(EdgeSlot.Blue);
        await Edge.Client.AssignAsync(EdgeSlot.Green, Green.Endpoint);

        var after = await Edge.Client.SwitchToAsync(EdgeSlot.Green, new EdgeSwitchOptions { HealthTimeout = TimeSpan.FromSeconds(20) });

        Assert.Multiple(() =>
        {
            Assert.That(after.ActiveSlot, Is.EqualTo(EdgeSlot.Green));
            Assert.That(Green.HealthChecks, Is.GreaterThanOrEqualTo(Rise));
        });
    }

    [Test]
    public async Task A_target_failing_its_checks_is_not_forced_up()
    {
        await ServeAsync(EdgeSlot.Blue);
        Green.Healthy = false;
        await Edge.Client.AssignAsync(EdgeSlot.Green, Green.Endpoint);

        var refused = Assert.ThrowsAsync<EdgeSwitchRefusedException>(() => Edge.Client.SwitchToAsync(
            EdgeSlot.Green, new EdgeSwitchOptions { ConsecutiveChecks = 1, HealthTimeout = TimeSpan.FromSeconds(4) }));
        var status = await Edge.Client.ReadStatusAsync();

        Assert.Multiple(() =>
        {
            Assert.That(refused!.Message, Does.Contain("passed 0 of 1"));
            Assert.That(status.ActiveSlot, Is.EqualTo(EdgeSlot.Blue));
            Assert.That(status.Green.IsUp, Is.False);
        });
    }

    private protected override EdgeSettings CustomizeEdge(EdgeSettings settings) =>
        settings with { HealthCheck = settings.HealthCheck with { Interval = TimeSpan.FromSeconds(1), Rise = Rise } };
}
