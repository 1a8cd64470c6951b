using Slipway.Delivery.Notifications;
using Slipway.Engine;

namespace Slipway.Delivery.Tests.Notifications;

public class NotificationChannelParametersTests
{
    [Test]
    public void Each_configured_parameter_makes_its_channel()
    {
        var channels = NotificationChannelParameters.Channels("https://hooks.slack.com/services/T/B/x", "https://ops.example/hook", new string('k', 32),
            "smtp://deploy%40acme:p%3Ass@mail.example:2525", ["a@acme.example", "b@acme.example"], null);

        var email = channels.OfType<EmailChannel>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(channels.Select(c => c.GetType().Name), Is.EqualTo(new[] { nameof(SlackChannel), nameof(WebhookChannel), nameof(EmailChannel) }));
            Assert.That((email.Host, email.Port, email.Username, email.Password, email.RequireTls), Is.EqualTo(("mail.example", 2525, "deploy@acme", "p:ss", true)));
            Assert.That(email.From, Is.EqualTo("slipway@mail.example"));
            Assert.That(email.To, Is.EqualTo(new[] { "a@acme.example", "b@acme.example" }));
        });
    }

    [Test]
    public void Nothing_configured_is_no_channel()
    {
        Assert.That(NotificationChannelParameters.Channels(null, null, null, null, [], null), Is.Empty);
    }

    [Test]
    public void Every_misconfiguration_is_named_at_once_and_no_secret_is_shown()
    {
        var error = Assert.Throws<BuildFailedException>(() => NotificationChannelParameters.Channels(
            "hooks.slack.com/services/secret-part", "https://ops.example/hook", "short", "mail.example", [], null));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
            Assert.That(error.Message, Does.Contain("SLACK_WEBHOOK_URL is not an http(s) URL"));
            Assert.That(error.Message, Does.Contain("NOTIFICATION_WEBHOOK_SECRET must be set to at least 16 characters"));
            Assert.That(error.Message, Does.Contain("SMTP_URL is not smtp://"));
            Assert.That(error.Message, Does.Not.Contain("secret-part").And.Not.Contain("short"));
        });
    }
}
