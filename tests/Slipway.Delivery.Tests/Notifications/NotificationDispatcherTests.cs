using System.Diagnostics;
using System.Text.Json.Nodes;
using Slipway.Delivery.Notifications;

namespace Slipway.Delivery.Tests.Notifications;

/// <summary>The dispatcher against real local receivers and a real SMTP server: who gets what, retries, and the bound.</summary>
[NonParallelizable]
public class NotificationDispatcherTests
{
    private static readonly DeliveryEvent Succeeded = new(DeliveryEventKind.DeploySucceeded, "staging", "2.0.0", "Deployed staging: 2.0.0 serving after 3.1 s")
    {
        PreviousVersion = "1.0.0",
        Who = "octocat (GitHub Actions)",
    };

    [Test]
    public async Task Slack_the_signed_webhook_and_email_each_get_the_event()
    {
        await using var receiver = await NotificationReceiver.StartAsync();
        await using var smtp = await SmtpTestServer.StartAsync();
        const string secret = "a-signing-key-of-32-characters!!";
        NotificationChannel[] channels =
        [
            new SlackChannel { Name = "slack", WebhookUrl = receiver.At("/ok") },
            new WebhookChannel { Name = "webhook", Url = receiver.At("/signed"), SigningSecret = secret },
            new EmailChannel { Name = "email", Host = "127.0.0.1", Port = smtp.Port, From = "slipway@acme.example", To = ["oncall@acme.example"], RequireTls = false },
        ];
        using var http = new HttpClient();

        var warnings = await new NotificationDispatcher(http, TimeSpan.FromSeconds(5)).DispatchAsync(Succeeded, channels);

        var slack = receiver.To("/ok").Single();
        var webhook = receiver.To("/signed").Single();
        var timestamp = long.Parse(webhook.Header("X-Slipway-Timestamp"), System.Globalization.CultureInfo.InvariantCulture);
        var mail = smtp.Messages().Single();
        Assert.Multiple(() =>
        {
            Assert.That(warnings, Is.Empty);
            Assert.That(JsonNode.Parse(slack.Body)!["text"]!.GetValue<string>(), Is.EqualTo(":white_check_mark: staging: 2.0.0 deployed"));
            Assert.That(slack.Header("Content-Type"), Does.StartWith("application/json"));
            Assert.That(webhook.Header("X-Slipway-Event"), Is.EqualTo("deploy.succeeded"));
            Assert.That(webhook.Header("X-Slipway-Signature"), Is.EqualTo(NotificationPayloads.Signature(secret, timestamp, webhook.Body)));
            Assert.That(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - timestamp, Is.InRange(0, 60), "a fresh timestamp, for the receiver's replay window");
            Assert.That(JsonNode.Parse(webhook.Body)!["previousVersion"]!.GetValue<string>(), Is.EqualTo("1.0.0"));
            Assert.That(mail, Does.Contain("Subject: [Slipway] staging: 2.0.0 deployed").And.Contain("To: oncall@acme.example").And.Contain("Previous: 1.0.0"));
        });
    }

    [Test]
    public async Task Teams_Grafana_Sentry_and_PagerDuty_are_told_as_their_APIs_expect_a_rollback_pages_and_the_next_success_resolves()
    {
        await using var receiver = await NotificationReceiver.StartAsync();
        const string routingKey = "R0123456789abcdef0123456789ABCDE";
        NotificationChannel[] channels =
        [
            new TeamsChannel { Name = "teams", WebhookUrl = receiver.At("/teams") },
            new GrafanaChannel { Name = "grafana", Url = new Uri(receiver.At("/grafana")), ApiToken = NotificationReceiver.Token },
            new SentryChannel { Name = "sentry", Url = receiver.Url, Organization = "acme", Project = "catalog-api", AuthToken = NotificationReceiver.Token },
            new PagerDutyChannel { Name = "pagerduty", RoutingKey = routingKey, EventsUrl = new Uri(receiver.At("/v2/enqueue")), Environments = ["staging"] },
        ];
        var rolledBack = new DeliveryEvent(DeliveryEventKind.RolledBackAutomatically, "staging", "2.0.0", "5xx rate 40 % > 5 %. Switched back to 1.0.0.") { PreviousVersion = "1.0.0" };
        using var http = new HttpClient();
        var dispatcher = new NotificationDispatcher(http, TimeSpan.FromSeconds(5));

        var warnings = (await dispatcher.DispatchAsync(rolledBack, channels))
            .Concat(await dispatcher.DispatchAsync(Succeeded with { Version = "2.0.1" }, channels))
            .Concat(await dispatcher.DispatchAsync(Succeeded with { Version = "2.0.1", Kind = DeliveryEventKind.ManualRollback }, channels))
            .ToList();

        var pages = receiver.To("/v2/enqueue").Select(r => JsonNode.Parse(r.Body)!).ToList();
        var annotations = receiver.To("/grafana/api/annotations").Select(r => JsonNode.Parse(r.Body)!).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(warnings, Is.Empty, "every API accepted what it was sent");
            Assert.That(receiver.To("/teams").Select(r => JsonNode.Parse(r.Body)!["attachments"]![0]!["content"]!["body"]![0]!["text"]!.GetValue<string>()),
                Is.EqualTo(new[] { "staging: 2.0.0 rolled back automatically to 1.0.0", "staging: 2.0.1 deployed", "staging: rolled back to 2.0.1" }));
            Assert.That(annotations.Select(a => a["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ToList()), Has.All.Contains("deploy").And.All.Contains("staging"));
            Assert.That(pages.Select(p => p["event_action"]!.GetValue<string>()), Is.EqualTo(new[] { "trigger", "resolve", "resolve" }));
            Assert.That(pages.Select(p => p["dedup_key"]!.GetValue<string>()).Distinct(), Is.EqualTo(new[] { "slipway/staging/deploy" }), "the success resolves the alert the rollback opened");
            Assert.That(receiver.Requests.Where(r => r.Path.StartsWith("/api/0/", StringComparison.Ordinal)).Select(r => r.Path), Is.EqualTo(new[]
            {
                "/api/0/organizations/acme/releases/", "/api/0/organizations/acme/releases/2.0.1/deploys/",
                "/api/0/organizations/acme/releases/", "/api/0/organizations/acme/releases/2.0.1/deploys/",
            }), "the rollback is not a Sentry deploy; each version that went live is, the second time on the release Sentry knows (208)");
        });
    }

    [Test]
    public async Task An_API_that_refuses_the_token_is_a_warning_naming_the_channel_and_the_status_not_a_retry()
    {
        await using var receiver = await NotificationReceiver.StartAsync();
        NotificationChannel[] channels = [new GrafanaChannel { Name = "grafana", Url = new Uri(receiver.At("/grafana")), ApiToken = "wrong-token" }];
        using var http = new HttpClient();

        var warnings = await new NotificationDispatcher(http, TimeSpan.FromSeconds(5)).DispatchAsync(Succeeded, channels);

        Assert.Multiple(() =>
        {
            Assert.That(warnings.Single(), Does.StartWith("Notification to grafana of deploy.succeeded failed (answered HTTP 401: {\"message\":\"Unauthorized\"})"));
            Assert.That(receiver.To("/grafana/api/annotations"), Has.Count.EqualTo(1), "a 401 is not retried");
        });
    }

    [Test]
    public async Task A_channel_that_fails_or_hangs_is_a_warning_and_costs_at_most_the_bound_while_the_others_are_told()
    {
        await using var receiver = await NotificationReceiver.StartAsync();
        var bound = TimeSpan.FromSeconds(2);
        NotificationChannel[] channels =
        [
            new SlackChannel { Name = "dead slack", WebhookUrl = receiver.At("/hang") },
            new SlackChannel { Name = "broken slack", WebhookUrl = receiver.At("/fail") },
            new SlackChannel { Name = "busy slack", WebhookUrl = receiver.At("/busy-once") },
            new SlackChannel { Name = "good slack", WebhookUrl = receiver.At("/ok") },
        ];
        using var http = new HttpClient();
        var clock = Stopwatch.StartNew();

        var warnings = await new NotificationDispatcher(http, bound).DispatchAsync(Succeeded, channels);

        clock.Stop();
        TestContext.Out.WriteLine($"four channels, one hanging, bound {bound.TotalSeconds} s: {clock.Elapsed.TotalSeconds:0.00} s; {string.Join(" | ", warnings)}");
        Assert.Multiple(() =>
        {
            Assert.That(warnings, Has.Count.EqualTo(2));
            Assert.That(warnings, Has.Some.Contains("dead slack").And.Contains("no answer within 2 s"));
            Assert.That(warnings, Has.Some.Contains("broken slack").And.Contains("answered HTTP 500"));
            Assert.That(receiver.To("/fail"), Has.Count.EqualTo(4), "a 5xx is retried (3 retries) within the bound");
            Assert.That(receiver.To("/busy-once"), Has.Count.EqualTo(2), "a 429 is retried after its Retry-After");
            Assert.That(receiver.To("/ok"), Has.Count.EqualTo(1));
            // The channels run side by side, so the hanging one sets the total: its bound, not the sum of all.
            Assert.That(clock.Elapsed, Is.LessThan(bound + TimeSpan.FromSeconds(5)), "the bound holds");
        });
    }
}
