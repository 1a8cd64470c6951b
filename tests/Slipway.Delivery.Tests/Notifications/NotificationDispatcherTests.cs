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
