using System.Net;
using Slipway.Delivery.Edge;
using Slipway.Testing;

namespace Slipway.Delivery.Tests.Edge;

/// <summary>A canary's split at the real edge: shares by weight, stickiness by cookie, an abort at once, and weights that survive a restart.</summary>
[TestFixture]
public sealed class EdgeCanaryTests : EdgeFixture
{
    // Smooth weighted round robin: over a few hundred requests the share is within a point or two of the weight; five allows for timing at the edges.
    private const double Tolerance = 0.05;

    [Test]
    public async Task A_canary_weight_splits_new_requests_by_its_share_and_survives_an_edge_restart()
    {
        await ServeAsync(EdgeSlot.Blue);
        await GateGreenAsync();

        var split = await Edge.Client.SetCanaryWeightAsync(EdgeSlot.Green, 25);
        var before = await ShareOfV2Async(400);
        await Edge.Process.StopAsync(graceful: false);
        var saved = await Edge.Client.ReadSavedStatusAsync();
        await Edge.Process.StartAsync();
        var afterRestart = await ShareOfV2Async(400);
        var status = await Edge.Client.ReadStatusAsync();

        Assert.Multiple(() =>
        {
            Assert.That((split.Green.Weight, split.Blue.Weight), Is.EqualTo((25, 75)));
            Assert.That(split.IsSplit, Is.True);
            Assert.That(split.ActiveSlot, Is.EqualTo(EdgeSlot.Blue), "the stable version, with the larger share, counts as live");
            Assert.That(before, Is.EqualTo(0.25).Within(Tolerance), "share of v2 at weight 25");
            Assert.That((saved!.Green.Weight, saved.Blue.Weight, saved.IsSplit), Is.EqualTo((25, 75, true)), "the state file holds the weights while the edge is down");
            Assert.That((status.Green.Weight, status.Blue.Weight), Is.EqualTo((25, 75)), "HAProxy reloaded the weights from the state file");
            Assert.That(afterRestart, Is.EqualTo(0.25).Within(Tolerance), "share of v2 after the restart");
        });
    }

    [Test]
    public async Task A_client_stays_on_its_version_during_a_canary_and_an_abort_moves_everyone_back_at_once()
    {
        await ServeAsync(EdgeSlot.Blue);
        using var beforeCanary = await Edge.Http.GetAsync(new Uri("/", UriKind.Relative));
        await GateGreenAsync();
        await Edge.Client.SetCanaryWeightAsync(EdgeSlot.Green, 50);

        var pins = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < 6; i++)
        {
            using var first = await Edge.Http.GetAsync(new Uri("/", UriKind.Relative));
            var cookie = first.Headers.GetValues("Set-Cookie").Single();
            pins[cookie.Split(';')[0]] = await first.Content.ReadAsStringAsync();
        }

        var pinnedAnswers = new List<(string Cookie, string Expected, string Answer)>();
        foreach (var (cookie, version) in pins)
        {
            for (var i = 0; i < 10; i++)
            {
                pinnedAnswers.Add((cookie, version, await GetWithCookieAsync(cookie)));
            }
        }

        await using var load = new HttpLoadGenerator(Edge.PublicUri);
        await load.WaitForAnswersAsync("v2", 50);
        var aborted = await Edge.Client.AbortCanaryAsync(EdgeSlot.Green);
        var abortedAt = load.Answers.Count;
        await load.WaitForRequestsAsync(abortedAt + 300);
        await load.StopAsync();
        var afterAbort = load.Answers.Skip(abortedAt + 16).ToList();
        var pinnedToGreenAfterAbort = await GetWithCookieAsync($"{EdgeNames.CanaryCookie}=green");
        using var plainAfterAbort = await Edge.Http.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(beforeCanary.Headers.Contains("Set-Cookie"), Is.False, "one version serving: no cookie");
            Assert.That(pins.Values.Distinct(), Is.EquivalentTo(new[] { "v1", "v2" }), "six new clients at 50 % met both versions");
            Assert.That(pinnedAnswers.Where(a => a.Answer != a.Expected), Is.Empty, "a client with the cookie stays on its version");
            Assert.That((aborted.ActiveSlot, aborted.IsSplit, aborted.Green.AdminState), Is.EqualTo(((EdgeSlot?)EdgeSlot.Blue, false, ServerAdminState.Drain)));
            Assert.That(load.Failures, Is.Empty, "no request failed across the abort");
            Assert.That(afterAbort.Select(a => a.Body).Distinct(), Is.EqualTo(new[] { "v1" }), "after the abort (and the requests in flight then) only v1 answers");
            Assert.That(pinnedToGreenAfterAbort, Is.EqualTo("v1"), "the cookie no longer pins anyone to the aborted version");
            Assert.That(plainAfterAbort.Headers.Contains("Set-Cookie"), Is.False);
        });
    }

    [Test]
    public async Task A_switch_after_a_canary_gives_the_new_version_everything_and_restores_full_weights()
    {
        await ServeAsync(EdgeSlot.Blue);
        await GateGreenAsync();
        await Edge.Client.SetCanaryWeightAsync(EdgeSlot.Green, 75);

        var switched = await Edge.Client.SwitchToAsync(EdgeSlot.Green);
        var share = await ShareOfV2Async(100);

        Assert.Multiple(() =>
        {
            Assert.That((switched.ActiveSlot, switched.IsSplit), Is.EqualTo(((EdgeSlot?)EdgeSlot.Green, false)));
            Assert.That((switched.Green.Weight, switched.Blue.Weight, switched.Blue.AdminState), Is.EqualTo((100, 100, ServerAdminState.Drain)));
            Assert.That(share, Is.EqualTo(1.0));
        });
    }

    [Test]
    public void A_canary_needs_the_stable_slot_serving_and_a_share_below_100()
    {
        Assert.Multiple(() =>
        {
            Assert.That(async () => await Edge.Client.SetCanaryWeightAsync(EdgeSlot.Green, 10),
                Throws.InstanceOf<EdgeSwitchRefusedException>().With.Message.Contains("blue serving"));
            Assert.That(async () => await Edge.Client.SetCanaryWeightAsync(EdgeSlot.Green, 100), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    private async Task GateGreenAsync()
    {
        await Edge.Client.AssignAsync(EdgeSlot.Green, Green.Endpoint);
        var gate = await Edge.Client.WaitUntilHealthyAsync(EdgeSlot.Green, 2, TimeSpan.FromSeconds(15));
        Assert.That(gate.Passed, Is.True, $"green passed its gate: {gate.Slot}");
    }

    private async Task<double> ShareOfV2Async(int requests)
    {
        await using var load = new HttpLoadGenerator(Edge.PublicUri);
        await load.WaitForRequestsAsync(requests);
        await load.StopAsync();
        Assert.That(load.Failures, Is.Empty, "no request failed");
        var answers = load.Answers.ToList();
        return (double)answers.Count(a => a.Body == "v2") / answers.Count;
    }

    private async Task<string> GetWithCookieAsync(string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/", UriKind.Relative));
        request.Headers.Add("Cookie", cookie);
        using var response = await Edge.Http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return await response.Content.ReadAsStringAsync();
    }
}
