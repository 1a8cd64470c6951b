using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Slipway.Delivery.Edge;
using Slipway.Engine;
using Slipway.Engine.Tooling;
using Slipway.Testing;

namespace Slipway.Delivery.Tests.Edge;

/// <summary>Traffic switches through a real HAProxy between two live upstreams.</summary>
[TestFixture]
public sealed partial class EdgeSwitchingTests : EdgeFixture
{
    [Test]
    public async Task Switching_back_and_forth_under_continuous_load_fails_no_request()
    {
        await ServeAsync(EdgeSlot.Blue);
        await using var load = new HttpLoadGenerator(Edge.PublicUri);
        await load.WaitForAnswersAsync("v1", 200);

        await Edge.Client.AssignAsync(EdgeSlot.Green, Green.Endpoint);
        var afterFirst = await Edge.Client.SwitchToAsync(EdgeSlot.Green);
        await load.WaitForAnswersAsync("v2", 200);

        // Switch back to the warm (drained, still checked) blue, then forward again: a rollback and a redeploy.
        var afterBack = await Edge.Client.SwitchToAsync(EdgeSlot.Blue);
        var v1BeforeBack = load.Versions["v1"];
        await load.WaitForAnswersAsync("v1", v1BeforeBack + 200);
        var afterForward = await Edge.Client.SwitchToAsync(EdgeSlot.Green);
        var v2BeforeForward = load.Versions["v2"];
        await load.WaitForAnswersAsync("v2", v2BeforeForward + 200);
        await load.StopAsync();
        await TestContext.Out.WriteLineAsync(load.Describe());

        Assert.Multiple(() =>
        {
            Assert.That(load.Failures, Is.Empty, $"Failed requests out of {load.Total}");
            Assert.That(afterFirst.ActiveSlot, Is.EqualTo(EdgeSlot.Green));
            Assert.That(afterFirst.Blue.AdminState, Is.EqualTo(ServerAdminState.Drain), "the old slot is drained, not disabled");
            Assert.That(afterBack.ActiveSlot, Is.EqualTo(EdgeSlot.Blue));
            Assert.That(afterForward.ActiveSlot, Is.EqualTo(EdgeSlot.Green));
            Assert.That(afterForward.Blue.IsUp, Is.True, "a drained slot stays health-checked, warm for a switch back");
        });
    }

    [Test]
    public async Task Switching_under_wrk_load_reports_no_errors()
    {
        EdgePrerequisites.RequireTools("wrk");
        await ServeAsync(EdgeSlot.Blue);
        await Edge.Client.AssignAsync(EdgeSlot.Green, Green.Endpoint);
        var wrk = ToolRunner.RunAsync(new ToolInvocation("wrk", "-t", "2", "-c", "16", "-d", "5s", Edge.PublicUri.ToString()) { LogOutput = false });

        // Four switches while wrk's 16 keep-alive connections hammer the Edge.
        foreach (var slot in new[] { EdgeSlot.Green, EdgeSlot.Blue, EdgeSlot.Green, EdgeSlot.Blue })
        {
            await Task.Delay(800);
            await Edge.Client.SwitchToAsync(slot);
        }

        var result = (await wrk).EnsureSuccess();
        await TestContext.Out.WriteLineAsync(result.StandardOutput);
        var requests = long.Parse(RequestsLine().Match(result.StandardOutput).Groups[1].Value, CultureInfo.InvariantCulture);
        var status = await Edge.Client.ReadStatusAsync();
        Assert.Multiple(() =>
        {
            Assert.That(result.StandardOutput, Does.Not.Contain("Socket errors"));
            Assert.That(result.StandardOutput, Does.Not.Contain("Non-2xx or 3xx responses"));
            Assert.That(requests, Is.GreaterThan(1000));
            Assert.That(status.Blue.Statistics!.Responses2xx, Is.GreaterThan(0));
            Assert.That(status.Green.Statistics!.Responses2xx, Is.GreaterThan(0), "both versions served part of the load");
            Assert.That(status.Blue.Statistics.Responses5xx + status.Green.Statistics.Responses5xx, Is.Zero);
        });
    }

    [Test]
    public async Task A_slow_request_in_flight_during_a_switch_completes_on_the_old_slot()
    {
        await ServeAsync(EdgeSlot.Blue);
        await Edge.Client.AssignAsync(EdgeSlot.Green, Green.Endpoint);
        var slow = Edge.Http.GetAsync(new Uri("/hold", UriKind.Relative));
        await WaitUntilAsync(() => Task.FromResult(Blue.HeldRequests == 1));

        var switched = await Edge.Client.SwitchToAsync(EdgeSlot.Green);
        var drainedWhileSlowRuns = await Edge.Client.WaitUntilDrainedAsync(EdgeSlot.Blue, TimeSpan.FromMilliseconds(300));
        var newRequest = await Edge.Http.GetStringAsync(new Uri("/", UriKind.Relative));
        Blue.ReleaseHeldRequests();
        using var slowResponse = await slow;
        var drained = await Edge.Client.WaitUntilDrainedAsync(EdgeSlot.Blue, TimeSpan.FromSeconds(5));

        Assert.Multiple(async () =>
        {
            Assert.That(switched.ActiveSlot, Is.EqualTo(EdgeSlot.Green));
            Assert.That(newRequest, Is.EqualTo("v2"), "new requests go to the new slot at once");
            Assert.That(drainedWhileSlowRuns, Is.False, "the old slot still has the slow request in flight");
            Assert.That(slowResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await slowResponse.Content.ReadAsStringAsync(), Is.EqualTo("v1"), "the in-flight request finished on the old version");
            Assert.That(drained, Is.True);
        });
    }

    [Test]
    public async Task A_switch_to_an_upstream_that_never_becomes_healthy_is_refused_and_the_old_one_keeps_serving()
    {
        await ServeAsync(EdgeSlot.Blue);
        Green.Healthy = false;
        await Edge.Client.AssignAsync(EdgeSlot.Green, Green.Endpoint);
        await using var load = new HttpLoadGenerator(Edge.PublicUri);
        await load.WaitForAnswersAsync("v1", 100);

        var refusal = Assert.ThrowsAsync<EdgeSwitchRefusedException>(() =>
            Edge.Client.SwitchToAsync(EdgeSlot.Green, new EdgeSwitchOptions { HealthTimeout = TimeSpan.FromSeconds(2) }));
        var v1AfterRefusal = load.Versions["v1"];
        await load.WaitForAnswersAsync("v1", v1AfterRefusal + 100);
        await load.StopAsync();
        var status = await Edge.Client.ReadStatusAsync();

        Assert.Multiple(() =>
        {
            Assert.That(refusal!.ExitCode, Is.EqualTo(ExitCodes.DeployAborted));
            Assert.That(refusal.Message, Does.Contain("green").And.Contain("blue keeps serving"));
            Assert.That(load.Failures, Is.Empty);
            Assert.That(load.Versions.Keys, Is.EquivalentTo(new[] { "v1" }), "not one request reached the unhealthy version");
            Assert.That(status.ActiveSlot, Is.EqualTo(EdgeSlot.Blue));
            Assert.That(status.Green.IsServing, Is.False);
            Assert.That(status.Green.Statistics!.CheckCode, Is.EqualTo(503));
        });
    }

    [Test]
    public async Task A_switch_to_a_slot_whose_upstream_is_not_listening_is_refused_and_it_goes_back_to_maintenance()
    {
        await ServeAsync(EdgeSlot.Blue);
        await Edge.Client.SetAddressAsync(EdgeSlot.Green, new IPEndPoint(IPAddress.Loopback, FreePort.Next()));

        Assert.ThrowsAsync<EdgeSwitchRefusedException>(() =>
            Edge.Client.SwitchToAsync(EdgeSlot.Green, new EdgeSwitchOptions { HealthTimeout = TimeSpan.FromSeconds(1) }));
        var status = await Edge.Client.ReadStatusAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(status.ActiveSlot, Is.EqualTo(EdgeSlot.Blue));
            Assert.That(status.Green.AdminState, Is.EqualTo(ServerAdminState.Maintenance), "a slot woken from maintenance for the switch goes back");
            Assert.That(await Edge.Http.GetStringAsync(new Uri("/", UriKind.Relative)), Is.EqualTo("v1"));
        });
    }

    [Test]
    public async Task A_slot_in_rotation_cannot_be_reassigned_or_retired()
    {
        await ServeAsync(EdgeSlot.Blue);

        var reassign = Assert.ThrowsAsync<BuildFailedException>(() => Edge.Client.AssignAsync(EdgeSlot.Blue, Green.Endpoint));
        var retire = Assert.ThrowsAsync<BuildFailedException>(() => Edge.Client.RetireAsync(EdgeSlot.Blue));

        Assert.Multiple(async () =>
        {
            Assert.That(reassign!.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
            Assert.That(reassign.Message, Does.Contain("Switch traffic to green first"));
            Assert.That(retire!.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
            Assert.That(await Edge.Http.GetStringAsync(new Uri("/", UriKind.Relative)), Is.EqualTo("v1"));
        });
    }

    [Test]
    public async Task The_health_gate_counts_consecutive_passes_beyond_rise()
    {
        await Edge.Client.AssignAsync(EdgeSlot.Green, Green.Endpoint);

        var gate = await Edge.Client.WaitUntilHealthyAsync(EdgeSlot.Green, consecutiveChecks: 5, TimeSpan.FromSeconds(15));

        Assert.Multiple(() =>
        {
            Assert.That(gate.Passed, Is.True);
            Assert.That(gate.ConsecutivePasses, Is.GreaterThanOrEqualTo(5));
            Assert.That(gate.Slot.AdminState, Is.EqualTo(ServerAdminState.Drain), "being checked does not put a slot in rotation");
            Assert.That(gate.Slot.Statistics!.CheckStatus, Is.EqualTo("L7OK"));
        });
    }

    [Test]
    public async Task Retiring_the_old_slot_after_a_switch_stops_its_checks()
    {
        await ServeAsync(EdgeSlot.Blue);
        await ServeAsync(EdgeSlot.Green);

        await Edge.Client.RetireAsync(EdgeSlot.Blue);
        var status = await Edge.Client.ReadStatusAsync();

        Assert.Multiple(() =>
        {
            Assert.That(status.ActiveSlot, Is.EqualTo(EdgeSlot.Green));
            Assert.That(status.Blue.AdminState, Is.EqualTo(ServerAdminState.Maintenance));
            Assert.That(status.Blue.Upstream, Is.EqualTo(Blue.Endpoint), "the address stays for the record");
            Assert.That(status.Blue.Statistics!.Status, Is.EqualTo("MAINT"));
        });
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "The condition never became true.");
            await Task.Delay(20);
        }
    }

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestsLine();
}
