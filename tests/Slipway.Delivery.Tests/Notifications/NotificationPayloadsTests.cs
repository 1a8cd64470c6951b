using Slipway.Delivery.Notifications;
using Slipway.Engine.Tooling;
using Slipway.Testing;

namespace Slipway.Delivery.Tests.Notifications;

/// <summary>Exactly what each receiver gets (golden files, shown in docs/deploy.md), and a signature another implementation verifies.</summary>
public class NotificationPayloadsTests
{
    internal static readonly DeliveryEvent RolledBack = new(DeliveryEventKind.RolledBackAutomatically, "production", "1.4.0",
        "1.4.0 breached its bake 3.0 s after the switch: 5xx rate 12.5 % > 5 %. Switched back to 1.3.2.")
    {
        PreviousVersion = "1.3.2",
        Digest = "sha256:3e7476875b79",
        Who = "octocat (GitHub Actions)",
        Duration = TimeSpan.FromSeconds(41.26),
        ExitCode = 11,
        RunUrl = "https://github.com/acme/catalog/actions/runs/42",
        At = new DateTimeOffset(2026, 12, 3, 9, 30, 0, TimeSpan.Zero),
    };

    [Test]
    public void Slack_gets_text_and_blocks_with_the_figures_and_the_run_link()
    {
        Golden.AssertMatches(NotificationPayloads.Slack(RolledBack), "notifications/slack-rolled-back.json");
    }

    [Test]
    public void The_webhook_gets_the_event_with_stable_names_and_no_nulls()
    {
        Golden.AssertMatches(NotificationPayloads.Webhook(RolledBack), "notifications/webhook-rolled-back.json");
    }

    [Test]
    public void Slack_text_from_the_event_is_escaped_so_it_cannot_inject_links()
    {
        var payload = NotificationPayloads.Slack(RolledBack with { Summary = "<https://evil.example|click> & more" });

        Assert.That(payload, Does.Contain("&lt;https://evil.example|click&gt; &amp; more"));
    }

    [Test]
    public async Task The_signature_is_verified_by_Python_s_hmac_over_timestamp_dot_body()
    {
        const string secret = "0123456789abcdef-signing-key";
        var body = NotificationPayloads.Webhook(RolledBack);
        var signature = NotificationPayloads.Signature(secret, 1_796_288_400, body);
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, body);
        try
        {
            var python = await ToolRunner.RunAsync(new ToolInvocation("/usr/bin/python3", "-c", """
                import hmac, hashlib, sys
                body = open(sys.argv[1], 'rb').read()
                expected = 'sha256=' + hmac.new(sys.argv[2].encode(), b'1796288400.' + body, hashlib.sha256).hexdigest()
                print('valid' if hmac.compare_digest(expected, sys.argv[3]) else 'invalid')
                """, file, secret, signature) { LogOutput = false });

            Assert.Multiple(() =>
            {
                Assert.That(python.StandardOutput.Trim(), Is.EqualTo("valid"), python.StandardError);
                Assert.That(NotificationPayloads.Signature(secret, 1_796_288_401, body), Is.Not.EqualTo(signature), "the timestamp is signed: a replay with a new one fails");
                Assert.That(NotificationPayloads.Signature(secret, 1_796_288_400, body + " "), Is.Not.EqualTo(signature));
            });
        }
        finally
        {
            File.Delete(file);
        }
    }

    [TestCase(DeliveryEventKind.DeployStarted, "staging", null, false)]
    [TestCase(DeliveryEventKind.DeploySucceeded, "staging", null, true)]
    [TestCase(DeliveryEventKind.DeploySucceeded, "staging", "production", false)]
    [TestCase(DeliveryEventKind.RolledBackAutomatically, "production", "production", true)]
    [TestCase(DeliveryEventKind.ReleaseCreated, null, "production", true)]
    public void A_channel_gets_every_event_but_deploy_started_unless_told_and_only_its_environments(
        DeliveryEventKind kind, string? environment, string? only, bool wanted)
    {
        var channel = new SlackChannel { Name = "slack", WebhookUrl = "https://hooks.example/x", Environments = only is null ? null : [only] };

        Assert.That(channel.Wants(new DeliveryEvent(kind, environment, "1.0.0", "summary")), Is.EqualTo(wanted));
    }
}
