using System.Text.Json.Nodes;
using Slipway.Delivery.Tests.Deploy.Integration;
using Slipway.Engine;
using Slipway.Engine.Tooling;
using Slipway.Testing;

namespace Slipway.Delivery.Tests.Notifications;

/// <summary>
/// Issue 15 on the real engine and edge, through the sample build as CI runs it: the channels come from the same
/// variables a workflow sets (SLACK_WEBHOOK_URL, NOTIFICATION_WEBHOOK_*), the receivers are local.
/// </summary>
[NonParallelizable]
public class DeployNotificationTests
{
    private const string Secret = "the-receiver's-32-character-key!";

    [Test]
    public async Task A_staging_deploy_reaches_Slack_with_its_figures_and_a_dead_webhook_leaves_its_result_and_exit_code_unchanged()
    {
        var images = await DeployTestImages.StandInsAsync();
        await using var receiver = await NotificationReceiver.StartAsync();
        await using var environment = await TestEnvironment.CreateAsync();
        var root = Directory.CreateTempSubdirectory("slipway-notify-").FullName;
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
        try
        {
            var result = await ToolRunner.RunAsync(SampleBuildProcess.DeployStaging(root, environment.Environment, images["v1"], "--bake-seconds", "0", "--notification-timeout", "2")
                .WithEnvironment("SLACK_WEBHOOK_URL", receiver.At("/ok"))
                .WithEnvironment("NOTIFICATION_WEBHOOK_URL", receiver.At("/hang"))
                .WithEnvironment("NOTIFICATION_WEBHOOK_SECRET", Secret));

            var output = result.StandardOutput + result.StandardError;
            var slack = receiver.To("/ok").Select(r => JsonNode.Parse(r.Body)!).ToList();
            Assert.Multiple(async () =>
            {
                Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), output);
                Assert.That(await environment.ServedVersionAsync(), Is.EqualTo("1.0.0"));
                Assert.That(slack.Select(s => s["text"]!.GetValue<string>()), Is.EqualTo(new[] { $":white_check_mark: {environment.Name}: 1.0.0 deployed" }),
                    "deploy started is not sent by default; succeeded is, once");
                Assert.That(slack[0].ToJsonString(), Does.Contain("*Record*").And.Contain("*Who*"));
                Assert.That(receiver.To("/hang"), Has.Count.EqualTo(1), "the webhook was tried");
                Assert.That(output, Does.Contain("Notification to webhook of deploy.succeeded failed (no answer within 2 s)"));
                Assert.That(output, Does.Not.Contain(Secret).And.Not.Contain(receiver.At("/ok")), "webhook URLs and keys are secrets");
            });
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public async Task An_automatic_rollback_reaches_the_signed_webhook_with_exit_code_11_and_its_reason()
    {
        var images = await DeployTestImages.StandInsAsync();
        await using var receiver = await NotificationReceiver.StartAsync();
        await using var environment = await TestEnvironment.CreateAsync();
        var root = Directory.CreateTempSubdirectory("slipway-notify-").FullName;
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
        try
        {
            await environment.DeployAsync(images["v1"], e => e with { BakeWindow = TimeSpan.Zero });
            await using var load = new HttpLoadGenerator(environment.Url, concurrency: 4);
            await load.WaitForAnswersAsync("1.0.0", 50);

            var result = await ToolRunner.RunAsync(SampleBuildProcess.DeployStaging(root, environment.Environment, images["fivexx"], "--bake-seconds", "10")
                .WithEnvironment("NOTIFICATION_WEBHOOK_URL", receiver.At("/signed"))
                .WithEnvironment("NOTIFICATION_WEBHOOK_SECRET", Secret));
            await load.StopAsync();

            var sent = receiver.To("/signed").Single();
            var body = JsonNode.Parse(sent.Body)!;
            var timestamp = long.Parse(sent.Header("X-Slipway-Timestamp"), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Multiple(() =>
            {
                Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.RolledBack), result.StandardOutput + result.StandardError);
                Assert.That(body["event"]!.GetValue<string>(), Is.EqualTo("deploy.rolled_back"));
                Assert.That(body["exitCode"]!.GetValue<int>(), Is.EqualTo(11));
                Assert.That(body["version"]!.GetValue<string>(), Is.EqualTo("6.0.0-fivexx"), "the version from the deploy's record, not just the digest given");
                Assert.That(body["previousVersion"]!.GetValue<string>(), Is.EqualTo("1.0.0"));
                Assert.That(body["record"]!.GetValue<string>(), Does.StartWith("d-"));
                Assert.That(body["summary"]!.GetValue<string>(), Does.Contain("5xx rate").And.Contain("Switched back to 1.0.0"));
                Assert.That(sent.Header("X-Slipway-Signature"), Is.EqualTo(Slipway.Delivery.Notifications.NotificationPayloads.Signature(Secret, timestamp, sent.Body)));
            });
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
