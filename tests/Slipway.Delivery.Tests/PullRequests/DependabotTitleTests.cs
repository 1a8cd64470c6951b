using System.Text.RegularExpressions;
using Slipway.Delivery.Git;
using Slipway.Delivery.PullRequests;
using Slipway.Delivery.Tests.Docker;

namespace Slipway.Delivery.Tests.PullRequests;

/// <summary>
/// The pull requests the committed <c>.github/dependabot.yml</c> makes Dependabot open pass <c>CheckPullRequest</c>:
/// their titles and commits, in Dependabot's formats for one dependency and for a group, start with each update's
/// prefix and the <c>deps</c> scope. A prefix the changelog does not know would fail every one of them.
/// </summary>
public class DependabotTitleTests
{
    [Test]
    public void Every_ecosystem_s_single_and_grouped_update_titles_pass_the_pull_request_check()
    {
        var config = File.ReadAllText(Path.Combine(DockerTestEnvironment.RepositoryRoot(), ".github", "dependabot.yml"));
        var updates = Regex.Matches(config, @"prefix: (?<prefix>\S+)\n\s+include: scope\n\s+groups:\n\s+(?<group>[\w-]+):").ToList();
        Assert.That(updates, Has.Count.EqualTo(Regex.Count(config, "package-ecosystem:")), "each update has a prefix, the deps scope and a group");

        foreach (var update in updates)
        {
            var (prefix, group) = (update.Groups["prefix"].Value, update.Groups["group"].Value);
            foreach (var title in new[] { $"{prefix}(deps): bump the {group} group with 3 updates", $"{prefix}(deps): bump Serilog from 4.2.0 to 4.3.0" })
            {
                var verdict = PullRequestCheck.Judge(new PullRequestFacts(title, [new GitCommit("0123456789", ["parent"], DateTimeOffset.UnixEpoch, title + "\n\nBumps ...")], 12));
                Assert.That(verdict.Problems, Is.Empty, title);
            }
        }
    }
}
