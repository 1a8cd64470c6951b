using Slipway.Delivery.Notifications;
using Slipway.Engine;

namespace Slipway.Delivery.Tests.Notifications;

public class NotificationChannelParametersTests
{
    private static readonly NotificationSettings Everything = new()
    {
        SlackWebhookUrl = "https://hooks.slack.com/services/T/B/x",
        TeamsWebhookUrl = "https://prod-12.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=s3cr3t",
        WebhookUrl = "https://ops.example/hook",
        WebhookSecret = new string('k', 32),
        SmtpUrl = "smtp://deploy%40acme:p%3Ass@mail.example:2525",
        EmailRecipients = ["a@acme.example", "b@acme.example"],
        GrafanaUrl = "https://grafana.acme.example/",
        GrafanaApiToken = "glsa_token",
        SentryOrganization = "acme",
        SentryProject = "catalog-api",
        SentryAuthToken = "sntrys_token",
        PagerDutyRoutingKey = "R0123456789abcdef0123456789ABCDE",
        PagerDutyEnvironments = ["production"],
    };

    [Test]
    public void Each_configured_parameter_makes_its_channel()
    {
        var channels = NotificationChannelParameters.Channels(Everything);

        var email = channels.OfType<EmailChannel>().Single();
        var sentry = channels.OfType<SentryChannel>().Single();
        var pagerDuty = channels.OfType<PagerDutyChannel>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(channels.Select(c => c.Name), Is.EqualTo(new[] { "slack", "teams", "webhook", "email", "grafana", "sentry", "pagerduty" }));
            Assert.That((email.Host, email.Port, email.Username, email.Password, email.RequireTls), Is.EqualTo(("mail.example", 2525, "deploy@acme", "p:ss", true)));
            Assert.That(email.From, Is.EqualTo("slipway@mail.example"));
            Assert.That(email.To, Is.EqualTo(new[] { "a@acme.example", "b@acme.example" }));
            Assert.That(sentry.Url, Is.EqualTo(new Uri("https://sentry.io/")), "sentry.io unless SENTRY_URL names a self-hosted one");
            Assert.That(pagerDuty.EventsUrl, Is.EqualTo(new Uri("https://events.pagerduty.com/v2/enqueue")));
            Assert.That(pagerDuty.Environments, Is.EqualTo(new[] { "production" }));
        });
    }

    [Test]
    public void Nothing_configured_is_no_channel()
    {
        Assert.That(NotificationChannelParameters.Channels(new NotificationSettings()), Is.Empty);
    }

    [Test]
    public void Every_misconfiguration_is_named_at_once_and_no_secret_is_shown()
    {
        var error = Assert.Throws<BuildFailedException>(() => NotificationChannelParameters.Channels(new NotificationSettings
        {
            SlackWebhookUrl = "hooks.slack.com/services/secret-part",
            WebhookUrl = "https://ops.example/hook",
            WebhookSecret = "short",
            SmtpUrl = "mail.example",
            GrafanaApiToken = "glsa_grafana-secret",
            SentryAuthToken = "sntrys_sentry-secret",
            SentryOrganization = "acme",
            PagerDutyRoutingKey = "pd-secret",
        }));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
            Assert.That(error.Message, Does.Contain("SLACK_WEBHOOK_URL is not an http(s) URL"));
            Assert.That(error.Message, Does.Contain("NOTIFICATION_WEBHOOK_SECRET must be set to at least 16 characters"));
            Assert.That(error.Message, Does.Contain("SMTP_URL is not smtp://"));
            Assert.That(error.Message, Does.Contain("GRAFANA_URL and GRAFANA_API_TOKEN go together"));
            Assert.That(error.Message, Does.Contain("SENTRY_AUTH_TOKEN needs SENTRY_ORGANIZATION and SENTRY_PROJECT"));
            Assert.That(error.Message, Does.Contain("PAGERDUTY_ROUTING_KEY is not an Events API v2 integration key"));
            Assert.That(error.Message, Does.Not.Contain("secret-part").And.Not.Contain("short").And.Not.Contain("grafana-secret")
                .And.Not.Contain("sentry-secret").And.Not.Contain("pd-secret"));
        });
    }
}
