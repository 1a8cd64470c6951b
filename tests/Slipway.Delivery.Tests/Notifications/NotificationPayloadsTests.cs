using System.Globalization;
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

    internal static readonly DeliveryEvent Succeeded = new(DeliveryEventKind.DeploySucceeded, "production", "1.4.1",
        "production: 1.4.1 serves at https://catalog.example.com/ (switched in 2.1 s; 1.4.0 kept warm for 60 s).")
    {
        PreviousVersion = "1.4.0",
        Digest = "sha256:9c1f0e2d3b4a",
        Who = "octocat (GitHub Actions)",
        Duration = TimeSpan.FromSeconds(72.5),
        RecordId = "d-20261203-094512-7f3a",
        RunUrl = "https://github.com/acme/catalog/actions/runs/43",
        At = new DateTimeOffset(2026, 12, 3, 9, 46, 45, TimeSpan.Zero),
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
    public void Teams_gets_an_Adaptive_Card_with_the_figures_as_facts_and_a_button_to_the_run()
    {
        Golden.AssertMatches(NotificationPayloads.Teams(RolledBack), "notifications/teams-rolled-back.json");
    }

    [Test]
    public void Grafana_gets_an_annotation_spanning_the_deploy_tagged_with_the_environment_and_version()
    {
        Golden.AssertMatches(NotificationPayloads.Grafana(Succeeded), "notifications/grafana-succeeded.json");
    }

    [Test]
    public void Sentry_gets_the_release_for_the_project_then_its_deploy_to_the_environment()
    {
        var sentry = new SentryChannel { Name = "sentry", Organization = "acme", Project = "catalog-api", AuthToken = "t" };

        Golden.AssertMatches(NotificationPayloads.SentryRelease(Succeeded, sentry), "notifications/sentry-release.json");
        Golden.AssertMatches(NotificationPayloads.SentryDeploy(Succeeded), "notifications/sentry-deploy.json");
    }

    [Test]
    public void PagerDuty_is_triggered_by_a_rollback_and_resolved_by_the_next_success_with_one_dedup_key_per_environment()
    {
        const string key = "R0123456789abcdef0123456789ABCDE";

        Golden.AssertMatches(NotificationPayloads.PagerDuty(RolledBack, key), "notifications/pagerduty-trigger.json");
        Golden.AssertMatches(NotificationPayloads.PagerDuty(Succeeded, key), "notifications/pagerduty-resolve.json");
        Assert.That(NotificationPayloads.PagerDutyDedupKey("staging"), Is.Not.EqualTo(NotificationPayloads.PagerDutyDedupKey("production")));
    }

    [Test]
    public void Slack_text_from_the_event_is_escaped_so_it_cannot_inject_links()
    {
        var payload = NotificationPayloads.Slack(RolledBack with { Summary = "<https://evil.example|click> & more" });

        Assert.That(payload, Does.Contain("&lt;https://evil.example|click&gt; &amp; more"));
    }

    [Test]
    public async Task The_signature_is_verified_by_the_Python_check_docs_deploy_md_gives_and_an_old_timestamp_is_refused()
    {
        const string secret = "0123456789abcdef-signing-key";
        var body = NotificationPayloads.Webhook(RolledBack);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var tenMinutesAgo = now - 600;
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, body);
        try
        {
            var python = await ToolRunner.RunAsync(new ToolInvocation("/usr/bin/python3", "-c", DocumentedBlock("```python") + """

                import sys
                body = open(sys.argv[1], 'rb').read()
                for timestamp, signature in zip(sys.argv[3::2], sys.argv[4::2]):
                    print('valid' if verify(sys.argv[2].encode(), timestamp, signature, body) else 'invalid')
                """, file, secret,
                now.ToString(CultureInfo.InvariantCulture), NotificationPayloads.Signature(secret, now, body),
                now.ToString(CultureInfo.InvariantCulture), NotificationPayloads.Signature(secret, now, body + " "),
                now.ToString(CultureInfo.InvariantCulture), NotificationPayloads.Signature(secret, now - 1, body),
                tenMinutesAgo.ToString(CultureInfo.InvariantCulture), NotificationPayloads.Signature(secret, tenMinutesAgo, body))
            { LogOutput = false });

            Assert.That(python.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "valid", "invalid", "invalid", "invalid" }),
                "valid; another body; another timestamp (signed too); a replay ten minutes later. " + python.StandardError);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void The_webhook_body_docs_deploy_md_shows_is_the_golden_one()
    {
        Assert.That(DocumentedBlock("```json").Trim(), Is.EqualTo(NotificationPayloads.Webhook(RolledBack).ReplaceLineEndings("\n")));
    }

    /// <summary>The first block of <paramref name="fence"/> in docs/deploy.md's section on the webhook.</summary>
    private static string DocumentedBlock(string fence)
    {
        var doc = File.ReadAllText(Path.Combine(Slipway.Delivery.Tests.Docker.DockerTestEnvironment.RepositoryRoot(), "docs", "deploy.md")).ReplaceLineEndings("\n");
        var section = doc[doc.IndexOf("### The webhook and its signature", StringComparison.Ordinal)..];
        var start = section.IndexOf(fence + "\n", StringComparison.Ordinal) + fence.Length + 1;
        return section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
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

    [TestCase(DeliveryEventKind.DeploySucceeded, true)]
    [TestCase(DeliveryEventKind.ManualRollback, true)]
    [TestCase(DeliveryEventKind.RolledBackAutomatically, false)]
    [TestCase(DeliveryEventKind.ReleaseCreated, false)]
    public void Sentry_hears_by_default_of_what_went_live(DeliveryEventKind kind, bool wanted)
    {
        var sentry = new SentryChannel { Name = "sentry", Organization = "o", Project = "p", AuthToken = "t" };

        Assert.That(sentry.Wants(new DeliveryEvent(kind, "production", "1.0.0", "summary")), Is.EqualTo(wanted));
    }

    [TestCase(DeliveryEventKind.RolledBackAutomatically, "production", true)]
    [TestCase(DeliveryEventKind.DeployAborted, "production", true)]
    [TestCase(DeliveryEventKind.DeploySucceeded, "production", true)]
    [TestCase(DeliveryEventKind.Locked, "production", false)]
    [TestCase(DeliveryEventKind.DeployStarted, "production", false)]
    [TestCase(DeliveryEventKind.RolledBackAutomatically, "staging", false)]
    public void PagerDuty_hears_by_default_of_failures_and_the_successes_that_resolve_them_in_its_environments(DeliveryEventKind kind, string environment, bool wanted)
    {
        var pagerDuty = new PagerDutyChannel { Name = "pagerduty", RoutingKey = "k", Environments = ["production"] };

        Assert.That(pagerDuty.Wants(new DeliveryEvent(kind, environment, "1.0.0", "summary")), Is.EqualTo(wanted));
    }
}
