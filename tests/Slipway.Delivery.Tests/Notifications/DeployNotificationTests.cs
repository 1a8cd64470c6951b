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

    private const string RoutingKey = "R0123456789abcdef0123456789ABCDE";

    private string root = null!;

    [SetUp]
    public void CreateRoot()
    {
        root = Directory.CreateTempSubdirectory("slipway-notify-").FullName;
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
    }

    [TearDown]
    public void DeleteRoot() => Directory.Delete(root, recursive: true);

    [Test]
    public async Task A_staging_deploy_reaches_Slack_with_its_figures_and_a_dead_webhook_leaves_its_result_and_exit_code_unchanged()
    {
        var images = await DeployTestImages.StandInsAsync();
        await using var receiver = await NotificationReceiver.StartAsync();
        await using var environment = await TestEnvironment.CreateAsync();
        var result = await ToolRunner.RunAsync(SampleBuildProcess.DeployStaging(root, environment.Environment, images["v1"], "--bake-seconds", "0", "--notification-timeout", "2")
            .WithEnvironment("SLACK_WEBHOOK_URL", receiver.At("/ok"))
            .WithEnvironment("NOTIFICATION_WEBHOOK_URL", receiver.At("/hang"))
            .WithEnvironment("NOTIFICATION_WEBHOOK_SECRET", Secret)
            .WithEnvironment("SENTRY_URL", receiver.Url.ToString())
            .WithEnvironment("SENTRY_ORGANIZATION", "acme")
            .WithEnvironment("SENTRY_PROJECT", "catalog-api")
            .WithEnvironment("SENTRY_AUTH_TOKEN", NotificationReceiver.Token)
            .WithEnvironment("GRAFANA_URL", receiver.At("/grafana"))
            .WithEnvironment("GRAFANA_API_TOKEN", NotificationReceiver.Token));

        var output = result.StandardOutput + result.StandardError;
        var sentryDeploy = receiver.Requests.Single(r => r.Path.EndsWith("/deploys/", StringComparison.Ordinal));
        var annotation = JsonNode.Parse(receiver.To("/grafana/api/annotations").Single().Body)!;
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
            Assert.That(sentryDeploy.Path, Is.EqualTo("/api/0/organizations/acme/releases/1.0.0/deploys/"), "the release was created first: Sentry refuses a deploy of an unknown one");
            Assert.That(JsonNode.Parse(sentryDeploy.Body)!["environment"]!.GetValue<string>(), Is.EqualTo(environment.Name));
            Assert.That(annotation["tags"]!.AsArray().Select(t => t!.GetValue<string>()), Is.EqualTo(new[] { "deploy", "deploy.succeeded", environment.Name, "1.0.0" }));
            Assert.That(annotation["timeEnd"]!.GetValue<long>() - annotation["time"]!.GetValue<long>(), Is.GreaterThan(0), "a region from the deploy's start to its end");
            Assert.That(output, Does.Not.Contain(Secret).And.Not.Contain(receiver.At("/ok")).And.Not.Contain(NotificationReceiver.Token), "webhook URLs, keys and tokens are secrets");
        });
    }

    [Test]
    public async Task An_automatic_rollback_reaches_the_signed_webhook_with_exit_code_11_and_its_reason()
    {
        var images = await DeployTestImages.StandInsAsync();
        await using var receiver = await NotificationReceiver.StartAsync();
        await using var environment = await TestEnvironment.CreateAsync();
        await environment.DeployAsync(images["v1"], e => e with { BakeWindow = TimeSpan.Zero });
        await using var load = new HttpLoadGenerator(environment.Url, concurrency: 4);
        await load.WaitForAnswersAsync("1.0.0", 50);

        var stepSummary = Path.Combine(root, "step-summary.md");
        var result = await ToolRunner.RunAsync(SampleBuildProcess.DeployStaging(root, environment.Environment, images["fivexx"], "--bake-seconds", "10")
            .WithEnvironment("NOTIFICATION_WEBHOOK_URL", receiver.At("/signed"))
            .WithEnvironment("NOTIFICATION_WEBHOOK_SECRET", Secret)
            .WithEnvironment("TEAMS_WEBHOOK_URL", receiver.At("/teams"))
            .WithEnvironment("PAGERDUTY_ROUTING_KEY", RoutingKey)
            .WithEnvironment("PAGERDUTY_EVENTS_URL", receiver.At("/v2/enqueue"))
            .WithEnvironment("PAGERDUTY_ENVIRONMENTS", environment.Name)
            .WithEnvironment("GITHUB_STEP_SUMMARY", stepSummary));
        await load.StopAsync();

        var sent = receiver.To("/signed").Single();
        var page = JsonNode.Parse(receiver.To("/v2/enqueue").Single().Body)!;
        var teams = JsonNode.Parse(receiver.To("/teams").Single().Body)!;
        var drafts = Directory.GetFiles(Path.Combine(root, "artifacts", "incidents"));
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
            Assert.That((page["event_action"]!.GetValue<string>(), page["dedup_key"]!.GetValue<string>(), page["payload"]!["severity"]!.GetValue<string>()),
                Is.EqualTo(("trigger", $"slipway/{environment.Name}/deploy", "critical")), "an automatic rollback pages");
            Assert.That(teams["attachments"]![0]!["content"]!["body"]![0]!["color"]!.GetValue<string>(), Is.EqualTo("Attention"));
            Assert.That(drafts, Has.Length.EqualTo(1), "the rollback wrote its incident draft");
            Assert.That(File.ReadAllText(drafts[0]), Does.StartWith($"# Incident draft: {environment.Name}, 6.0.0-fivexx").And.Contain("5xx rate").And.Contain("| Serving now | 1.0.0"));
            Assert.That(body["incidentDraft"]!.GetValue<string>(), Is.EqualTo("artifacts/incidents/" + Path.GetFileName(drafts[0])), "the notification links the draft");
            Assert.That(File.ReadAllText(stepSummary), Does.Contain("# Incident draft:"), "and the GitHub summary shows it");
        });
    }

    [Test]
    public async Task A_misconfigured_channel_stops_the_deploy_with_exit_code_2_before_any_target_runs()
    {
        await using var environment = await TestEnvironment.CreateAsync();
        var result = await ToolRunner.RunAsync(SampleBuildProcess.DeployStaging(root, environment.Environment, "localhost:5000/none@sha256:" + new string('0', 64))
            .WithEnvironment("SLACK_WEBHOOK_URL", "hooks.slack.com/services/T000/B000/secret-part")
            .WithEnvironment("GRAFANA_URL", "https://grafana.example/"));

        var output = result.StandardOutput + result.StandardError;
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.BadInvocation), output);
            Assert.That(output, Does.Contain("SLACK_WEBHOOK_URL is not an http(s) URL").And.Contain("GRAFANA_URL and GRAFANA_API_TOKEN go together"));
            Assert.That(output, Does.Not.Contain("═══ DeployStaging"), "no target ran");
            Assert.That(output, Does.Not.Contain("secret-part"));
        });
    }

    [Test]
    public async Task A_release_reaches_Slack_and_Teams_with_its_version_and_GitHub_release()
    {
        await using var fixture = await Release.ReleaseFixture.CreateAsync();
        await using var receiver = await NotificationReceiver.StartAsync();
        // The build's own state (.nuke/temp), as a repository adopting Slipway ignores it.
        File.AppendAllText(Path.Combine(fixture.Work.Path, ".git", "info", "exclude"), ".nuke/\n");

        var result = await ToolRunner.RunAsync(SampleBuildProcess.Build(fixture.Work.Path, "Release", "--version", "2.0.0")
            .WithEnvironment("GITHUB_TOKEN", GitHub.GitHubStandIn.Token)
            .WithEnvironment("GITHUB_REPOSITORY", $"{GitHub.GitHubStandIn.Owner}/{GitHub.GitHubStandIn.Repository}")
            .WithEnvironment("GITHUB_API_URL", fixture.GitHub.ApiUrl.ToString())
            .WithEnvironment("SLACK_WEBHOOK_URL", receiver.At("/ok"))
            .WithEnvironment("TEAMS_WEBHOOK_URL", receiver.At("/teams")));

        Assert.That(receiver.To("/ok"), Has.Count.EqualTo(1), result.StandardOutput + result.StandardError);
        var slack = JsonNode.Parse(receiver.To("/ok").Single().Body)!;
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.StandardOutput + result.StandardError);
            Assert.That(slack["text"]!.GetValue<string>(), Is.EqualTo(":white_check_mark: release 2.0.0 created"));
            Assert.That(slack.ToJsonString(), Does.Contain("https://github.example/acme/catalog/releases/tag/prod/v2.0.0"), "the run link is the GitHub release");
            Assert.That(receiver.To("/teams"), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task A_failed_run_of_the_default_branch_reaches_Slack_naming_the_failed_jobs_as_the_generated_job_runs_it()
    {
        await using var receiver = await NotificationReceiver.StartAsync();
        var result = await ToolRunner.RunAsync(SampleBuildProcess.Build(root, "NotifyCiFailure")
            .WithEnvironment("SLACK_WEBHOOK_URL", receiver.At("/ok"))
            .WithEnvironment("GITHUB_WORKFLOW", "ci")
            .WithEnvironment("GITHUB_REF_NAME", "main")
            .WithEnvironment("GITHUB_SHA", "1a2b3c4d5e6f7a8b")
            .WithEnvironment("GITHUB_RUN_ID", "77")
            .WithEnvironment("GITHUB_REPOSITORY", "acme/catalog")
            .WithEnvironment("GITHUB_NEEDS", """{"lint":{"result":"success","outputs":{}},"test":{"result":"failure","outputs":{}}}"""));

        var slack = JsonNode.Parse(receiver.To("/ok").Single().Body)!;
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.StandardOutput + result.StandardError);
            Assert.That(slack["text"]!.GetValue<string>(), Is.EqualTo(":rotating_light: CI failed on the default branch"));
            Assert.That(slack.ToJsonString(), Does.Contain("ci failed on main at 1a2b3c4: test failed.").And.Contain("https://github.com/acme/catalog/actions/runs/77"));
        });
    }
}
