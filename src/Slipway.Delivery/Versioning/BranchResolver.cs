using System.Globalization;
using System.Text.RegularExpressions;
using Serilog;

namespace Slipway.Delivery.Versioning;

/// <summary>
/// Decides which branch a build is for and what kind it is. Pure: git's answer and CI's variables come in as arguments.
/// Branch patterns are GitVersion's defaults, so teams moving from GitVersion keep their names.
/// </summary>
internal static partial class BranchResolver
{
    /// <param name="checkedOutBranch">The short name of the checked-out branch, or null when HEAD is detached.</param>
    /// <param name="hints">GITHUB_REF / GITHUB_HEAD_REF when running in GitHub Actions.</param>
    public static BranchInfo Resolve(string? checkedOutBranch, BranchHints hints)
    {
        ArgumentNullException.ThrowIfNull(hints);

        // A pull request build is one whatever is checked out: GitHub builds the merge commit refs/pull/N/merge.
        if (hints.GitHubRef is not null && PullRequestRef().Match(hints.GitHubRef) is { Success: true } pull)
        {
            var number = int.Parse(pull.Groups[1].Value, CultureInfo.InvariantCulture);
            return new BranchInfo(hints.GitHubHeadRef ?? $"pull/{number}", BranchKind.PullRequest, number);
        }

        if (checkedOutBranch is not null)
        {
            return new BranchInfo(checkedOutBranch, Classify(checkedOutBranch));
        }

        const string heads = "refs/heads/";
        if (hints.GitHubRef is not null && hints.GitHubRef.StartsWith(heads, StringComparison.Ordinal))
        {
            var name = hints.GitHubRef[heads.Length..];
            return new BranchInfo(name, Classify(name));
        }

        if (hints.GitHubHeadRef is not null)
        {
            return new BranchInfo(hints.GitHubHeadRef, Classify(hints.GitHubHeadRef));
        }

        Log.Debug("HEAD is detached and no GITHUB_REF names a branch; versioning treats it as branch 'detached'");
        return new BranchInfo("detached", BranchKind.Detached);
    }

    public static BranchKind Classify(string branchName)
    {
        ArgumentNullException.ThrowIfNull(branchName);
        return branchName switch
        {
            _ when MainBranch().IsMatch(branchName) => BranchKind.Main,
            _ when DevelopBranch().IsMatch(branchName) => BranchKind.Develop,
            _ when ReleaseBranch().IsMatch(branchName) => BranchKind.Release,
            _ when HotfixBranch().IsMatch(branchName) => BranchKind.Hotfix,
            _ => BranchKind.Other,
        };
    }

    [GeneratedRegex(@"^refs/pull/(\d+)/(merge|head)$", RegexOptions.CultureInvariant)]
    private static partial Regex PullRequestRef();

    [GeneratedRegex("^(main|master)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MainBranch();

    [GeneratedRegex("^dev(elop)?(ment)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DevelopBranch();

    [GeneratedRegex("^releases?[/-]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReleaseBranch();

    [GeneratedRegex("^hotfix(es)?[/-]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HotfixBranch();
}
