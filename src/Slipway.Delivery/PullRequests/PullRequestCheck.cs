using System.Globalization;
using Slipway.Delivery.Git;
using Slipway.Delivery.Release;

namespace Slipway.Delivery.PullRequests;

/// <summary>
/// Seed 003's pull-request checks, pure: the title and every commit follow Conventional Commits — Release writes the
/// changelog from them, and a squash merge makes the title the commit — with a type Slipway's changelog knows, and
/// the size label of the lines changed (the thresholds of pascalgn's size-label action by default).
/// </summary>
internal static class PullRequestCheck
{
    /// <summary>The types the changelog sorts (feat, fix, perf) and the ones it files under "Other".</summary>
    public static readonly IReadOnlyList<string> Types = ["feat", "fix", "perf", "refactor", "docs", "test", "build", "ci", "chore", "style", "revert"];

    /// <summary>Upper bounds (exclusive) of XS, S, M, L and XL in lines changed; above the last is XXL.</summary>
    public static readonly IReadOnlyList<int> DefaultSizeThresholds = [10, 30, 100, 500, 1000];

    private static readonly string[] SizeNames = ["XS", "S", "M", "L", "XL", "XXL"];

    public static PullRequestVerdict Judge(PullRequestFacts facts, IReadOnlyList<int>? sizeThresholds = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var thresholds = sizeThresholds is { Count: > 0 } given ? given : DefaultSizeThresholds;
        var problems = new List<string>();
        if (facts.Title is { } title && Problem(title) is { } titleProblem)
        {
            problems.Add($"The title \"{title}\" {titleProblem}. The squash commit and the changelog are made from it: edit the title, e.g. \"feat(catalog): search items by name\".");
        }

        foreach (var commit in facts.Commits.Where(c => !IsFoldedOrGenerated(c.Subject)))
        {
            if (Problem(commit.Subject) is { } commitProblem)
            {
                problems.Add($"Commit {commit.ShortSha} \"{commit.Subject}\" {commitProblem}: reword it (git rebase -i), or squash it into one that does.");
            }
        }

        return new PullRequestVerdict(problems, "size/" + Size(facts.LinesChanged, thresholds), facts.LinesChanged);
    }

    /// <summary>XS, S, M, L, XL or XXL for <paramref name="lines"/> changed.</summary>
    public static string Size(int lines, IReadOnlyList<int> thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        if (thresholds.Count != SizeNames.Length - 1 || thresholds.Zip(thresholds.Skip(1)).Any(p => p.First >= p.Second) || thresholds[0] <= 0)
        {
            throw Slipway.Engine.BuildFailedException.BadInput(string.Create(CultureInfo.InvariantCulture,
                $"--pull-request-size-thresholds needs {SizeNames.Length - 1} increasing positive line counts (the upper bounds of XS, S, M, L and XL), e.g. 10 30 100 500 1000; got {string.Join(' ', thresholds)}."));
        }

        var index = thresholds.TakeWhile(bound => lines >= bound).Count();
        return SizeNames[index];
    }

    private static string? Problem(string subject)
    {
        var conventional = ConventionalCommit.Parse(new GitCommit(string.Empty, [], DateTimeOffset.UnixEpoch, subject));
        if (conventional.Type is null)
        {
            return "is not a Conventional Commit (type(scope): description)";
        }

        return Types.Contains(conventional.Type, StringComparer.Ordinal)
            ? null
            : $"has the type \"{conventional.Type}\", which the changelog does not know (one of {string.Join(", ", Types)})";
    }

    // "fixup! …", "squash! …" and "amend! …" are folded into their target by git rebase --autosquash; "Revert "…"" is
    // what git revert writes, and the changelog files it under Other.
    private static bool IsFoldedOrGenerated(string subject) =>
        subject.StartsWith("fixup! ", StringComparison.Ordinal) || subject.StartsWith("squash! ", StringComparison.Ordinal)
        || subject.StartsWith("amend! ", StringComparison.Ordinal) || subject.StartsWith("Revert \"", StringComparison.Ordinal);
}
