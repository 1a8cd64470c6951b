using Slipway.Delivery.Notifications;

namespace Slipway.Delivery.Tests.Notifications;

public class CiFailureTests
{
    private const string Needs = """
        {
          "lint": { "result": "success", "outputs": {} },
          "test": { "result": "failure", "outputs": {} },
          "scan": { "result": "failure", "outputs": {} },
          "docker-build": { "result": "skipped", "outputs": {} }
        }
        """;

    [Test]
    public void The_event_names_the_workflow_branch_commit_actor_and_the_failed_jobs_in_order()
    {
        var variables = new Dictionary<string, string>
        {
            ["GITHUB_WORKFLOW"] = "ci", ["GITHUB_REF_NAME"] = "main", ["GITHUB_SHA"] = "1a2b3c4d5e6f", ["GITHUB_ACTOR"] = "octocat", ["GITHUB_NEEDS"] = Needs,
        };

        var e = CiFailure.Event(variables.GetValueOrDefault, "https://github.com/acme/catalog/actions/runs/7");

        Assert.Multiple(() =>
        {
            Assert.That(e.Kind, Is.EqualTo(DeliveryEventKind.CiFailed));
            Assert.That(e.Summary, Is.EqualTo("ci failed on main at 1a2b3c4: test, scan failed."));
            Assert.That(e.Who, Is.EqualTo("octocat"));
            Assert.That(e.IsFailure, Is.True);
            Assert.That(e.Environment, Is.Null, "every channel gets it, whatever environments it is limited to");
        });
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("not json")]
    [TestCase("[1, 2]")]
    [TestCase("""{ "test": "failure" }""")]
    public void Results_that_are_missing_or_unreadable_name_no_job(string? needs)
    {
        Assert.That(CiFailure.FailedJobs(needs), Is.Empty);
    }

    [Test]
    public void PagerDuty_does_not_page_for_CI_by_default_but_Slack_hears_of_it()
    {
        var e = CiFailure.Event(_ => null, null);

        Assert.Multiple(() =>
        {
            Assert.That(e.Summary, Is.EqualTo("CI failed on the default branch."));
            Assert.That(new SlackChannel { Name = "s", WebhookUrl = "https://hooks.example/x" }.Wants(e), Is.True);
            Assert.That(new PagerDutyChannel { Name = "p", RoutingKey = "k" }.Wants(e), Is.False);
        });
    }
}
