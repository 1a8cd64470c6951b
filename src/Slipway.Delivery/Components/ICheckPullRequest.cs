using System.Text.Json;
using Slipway.Delivery.Git;
using Slipway.Delivery.PullRequests;
using Slipway.Engine;

namespace Slipway.Delivery.Components;

/// <summary>
/// Seed 003's pull-request checks as a target that runs the same on a laptop (<c>./build.sh CheckPullRequest
/// --pull-request-title "feat: …"</c>) and in the generated <c>pull-request</c> workflow, where the title and base
/// come from the event (docs/workflows.md).
/// </summary>
public interface ICheckPullRequest : ISlipwayBuild
{
    [Parameter("Title of the pull request to check (in GitHub Actions: the event's)")]
    string? PullRequestTitle => this.GetParameter<string>() ?? PullRequestEvent("title");

    [Parameter("What the pull request merges into: a branch or commit (default: the event's base commit, else origin/main)")]
    string PullRequestBase => this.GetParameter<string>() ?? PullRequestEvent("base", "sha") ?? "origin/main";

    [Parameter("Upper bounds of the size labels XS, S, M, L and XL in lines changed (default 10 30 100 500 1000)")]
    int[] PullRequestSizeThresholds => this.GetParameter<int[]>() ?? [.. PullRequestCheck.DefaultSizeThresholds];

    Target CheckPullRequest => _ => _
        .Description("Check a pull request: its title and commits follow Conventional Commits (Release's changelog is made from them); its size label from the lines changed")
        .Executes(async () =>
        {
            var git = new GitTool(RootDirectory);
            var facts = new PullRequestFacts(
                PullRequestTitle,
                await git.GetCommitsAsync(PullRequestBase, "HEAD", includeMerges: false),
                await git.GetLinesChangedAsync(PullRequestBase, "HEAD"));
            var verdict = PullRequestCheck.Judge(facts, PullRequestSizeThresholds);
            Host.AddSummaryNote($"Pull request: {verdict.SizeLabel} ({verdict.LinesChanged} lines changed, {facts.Commits.Count} commits since {PullRequestBase})" +
                (facts.Title is null ? "; no title given (--pull-request-title), commits only" : string.Empty));
            if (Context.GetEnvironmentVariable("GITHUB_OUTPUT") is { Length: > 0 } outputs)
            {
                await File.AppendAllTextAsync(outputs, $"size-label={verdict.SizeLabel}\n");
            }

            if (!verdict.Passed)
            {
                throw new BuildFailedException("The pull request does not follow the conventions:" + string.Concat(verdict.Problems.Select(p => "\n  - " + p)));
            }
        });

    /// <summary>A string of the pull request in the GitHub Actions event (GITHUB_EVENT_PATH), e.g. its title; null outside a pull_request run.</summary>
    private string? PullRequestEvent(params string[] path)
    {
        if (Context.GetEnvironmentVariable("GITHUB_EVENT_PATH") is not { Length: > 0 } file || !File.Exists(file))
        {
            return null;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(file));
        var node = document.RootElement;
        foreach (var name in path.Prepend("pull_request"))
        {
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(name, out node))
            {
                return null;
            }
        }

        return node.ValueKind == JsonValueKind.String ? node.GetString() : null;
    }
}
