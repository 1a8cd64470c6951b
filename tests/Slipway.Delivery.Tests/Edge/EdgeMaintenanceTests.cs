using System.Net;
using System.Text.Json;
using Slipway.Delivery.Edge;

namespace Slipway.Delivery.Tests.Edge;

/// <summary>The maintenance page at the real edge: the message as JSON or HTML, Retry-After, checks behind it, and a deadline the edge keeps by itself.</summary>
[TestFixture]
public sealed class EdgeMaintenanceTests : EdgeFixture
{
    // Everything HAProxy would otherwise parse: quotes, a backslash, ';', '%[', '$', '#', markup and non-ASCII text.
    private const string Message = "Planned upgrade — \"thanks\" for waiting; 100 % done by <b>14:00</b> \\ $HOME %[date] #1 ünïcode";

    [Test]
    public async Task Maintenance_answers_503_with_the_message_as_json_or_html_and_retry_after_then_serves_again()
    {
        await ServeAsync(EdgeSlot.Blue);
        await Edge.Client.StartMaintenanceAsync(new MaintenancePage { Message = Message, RetryAfter = TimeSpan.FromSeconds(120) });
        var checksBefore = (await Edge.Client.ReadStatusAsync()).Blue.Statistics!;

        using var api = await Edge.Http.GetAsync(new Uri("/api/items", UriKind.Relative));
        var json = JsonDocument.Parse(await api.Content.ReadAsStringAsync()).RootElement;
        using var browserRequest = new HttpRequestMessage(HttpMethod.Get, new Uri("/", UriKind.Relative));
        browserRequest.Headers.Add("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8");
        using var browser = await Edge.Http.SendAsync(browserRequest);
        var html = await browser.Content.ReadAsStringAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        var during = await Edge.Client.ReadStatusAsync();
        var read = await Edge.Client.ReadMaintenanceAsync();
        await Edge.Client.EndMaintenanceAsync();
        var after = await Edge.Http.GetStringAsync(new Uri("/", UriKind.Relative));
        var readAfter = await Edge.Client.ReadMaintenanceAsync();

        Assert.Multiple(() =>
        {
            Assert.That(api.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(api.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"), "JSON unless the client asks for HTML");
            Assert.That(json.GetProperty("status").GetString(), Is.EqualTo("maintenance"));
            Assert.That(json.GetProperty("message").GetString(), Is.EqualTo(Message), "the message arrives exactly, whatever it holds");
            Assert.That(api.Headers.RetryAfter!.Delta, Is.EqualTo(TimeSpan.FromSeconds(120)));
            Assert.That(api.Headers.CacheControl!.NoStore, Is.True, "no cache keeps the page after maintenance");
            Assert.That(browser.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/html"));
            Assert.That(html, Does.Contain("Planned upgrade — &quot;thanks&quot; for waiting; 100 % done by &lt;b&gt;14:00&lt;/b&gt; \\ $HOME %[date] #1 &#252;n&#239;code")
                .And.Not.Contain("<b>"), "HTML-encoded: the message is text, never markup");
            Assert.That(during.Maintenance, Is.True);
            Assert.That(during.Blue.Statistics!.ResponsesTotal, Is.EqualTo(checksBefore.ResponsesTotal), "the upstream saw no request during maintenance");
            Assert.That(during.Blue.IsServing, Is.True, "health checks go on behind the page");
            Assert.That(read!.Message, Is.EqualTo(Message));
            Assert.That(read.Until, Is.Null);
            Assert.That(after, Is.EqualTo("v1"));
            Assert.That(readAfter, Is.Null, "off");
        });
    }

    [Test]
    public async Task Maintenance_with_a_deadline_ends_by_itself_at_the_edge()
    {
        await ServeAsync(EdgeSlot.Blue);
        var until = DateTimeOffset.UtcNow.AddSeconds(3);
        await Edge.Client.StartMaintenanceAsync(new MaintenancePage { Message = "Back soon", Until = until });

        using var during = await Edge.Http.GetAsync(new Uri("/", UriKind.Relative));
        var json = JsonDocument.Parse(await during.Content.ReadAsStringAsync()).RootElement;
        var read = await Edge.Client.ReadMaintenanceAsync();
        var wait = until - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1.2);
        await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
        using var after = await Edge.Http.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Multiple(async () =>
        {
            Assert.That(during.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(during.Headers.RetryAfter!.Delta!.Value.TotalSeconds, Is.InRange(1, 3), "Retry-After is the time left");
            Assert.That(json.GetProperty("until").GetString(), Is.EqualTo(until.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(read!.Until, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(until.ToUnixTimeSeconds())));
            Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK), "no --off ran: the edge ended it at the deadline");
            Assert.That(await after.Content.ReadAsStringAsync(), Is.EqualTo("v1"));
        });
    }
}
