using Slipway.Delivery.Notifications;

namespace Slipway.Delivery.Tests.Notifications;

/// <summary>Where each HTTP channel posts and how it authenticates, as each API documents it.</summary>
public class NotificationRequestsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 9, 47, 0, TimeSpan.Zero);

    [Test]
    public void Grafana_posts_to_api_annotations_under_its_root_path_with_the_token_as_bearer()
    {
        var request = NotificationRequests.For(new GrafanaChannel { Name = "grafana", Url = new Uri("https://ops.example/grafana"), ApiToken = "glsa_x" },
            NotificationPayloadsTests.Succeeded, Now).Single();

        Assert.Multiple(() =>
        {
            Assert.That(request.Url, Is.EqualTo(new Uri("https://ops.example/grafana/api/annotations")));
            Assert.That(request.Headers["Authorization"], Is.EqualTo("Bearer glsa_x"));
        });
    }

    [Test]
    public void Sentry_creates_the_release_then_posts_its_deploy_under_the_escaped_version()
    {
        var requests = NotificationRequests.For(new SentryChannel { Name = "sentry", Organization = "acme", Project = "catalog-api", AuthToken = "sntrys_x" },
            NotificationPayloadsTests.Succeeded with { Version = "1.4.1+build.7" }, Now);

        Assert.Multiple(() =>
        {
            Assert.That(requests.Select(r => r.Url.AbsoluteUri), Is.EqualTo(new[]
            {
                "https://sentry.io/api/0/organizations/acme/releases/",
                "https://sentry.io/api/0/organizations/acme/releases/1.4.1%2Bbuild.7/deploys/",
            }));
            Assert.That(requests.Select(r => r.Headers["Authorization"]), Is.All.EqualTo("Bearer sntrys_x"));
        });
    }

    [Test]
    public void The_webhook_is_signed_with_the_time_it_is_sent()
    {
        var request = NotificationRequests.For(new WebhookChannel { Name = "webhook", Url = "https://ops.example/hook", SigningSecret = "0123456789abcdef" },
            NotificationPayloadsTests.RolledBack, Now).Single();

        Assert.Multiple(() =>
        {
            Assert.That(request.Headers["X-Slipway-Event"], Is.EqualTo("deploy.rolled_back"));
            Assert.That(request.Headers["X-Slipway-Timestamp"], Is.EqualTo(Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(request.Headers["X-Slipway-Signature"], Is.EqualTo(NotificationPayloads.Signature("0123456789abcdef", Now.ToUnixTimeSeconds(), request.Body)));
        });
    }

    [Test]
    public void PagerDuty_Slack_and_Teams_carry_their_key_in_the_URL_or_body_and_no_header()
    {
        var channels = new NotificationChannel[]
        {
            new PagerDutyChannel { Name = "pagerduty", RoutingKey = "R0123456789abcdef0123456789ABCDE", EventsUrl = new Uri("https://events.eu.pagerduty.com/v2/enqueue") },
            new SlackChannel { Name = "slack", WebhookUrl = "https://hooks.slack.com/services/T/B/x" },
            new TeamsChannel { Name = "teams", WebhookUrl = "https://prod.logic.azure.com/workflows/w/triggers/manual/paths/invoke?sig=x" },
        };

        var requests = channels.Select(c => NotificationRequests.For(c, NotificationPayloadsTests.RolledBack, Now).Single()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(requests[0].Url.Host, Is.EqualTo("events.eu.pagerduty.com"));
            Assert.That(requests[0].Body, Does.Contain("\"routing_key\": \"R0123456789abcdef0123456789ABCDE\""));
            Assert.That(requests.Select(r => r.Headers.Count), Is.All.Zero);
        });
    }

    [Test]
    public void Email_is_not_an_HTTP_channel()
    {
        var email = new EmailChannel { Name = "email", Host = "mail.example", From = "a@example.com", To = ["b@example.com"] };

        Assert.Throws<NotSupportedException>(() => NotificationRequests.For(email, NotificationPayloadsTests.RolledBack, Now));
    }
}
