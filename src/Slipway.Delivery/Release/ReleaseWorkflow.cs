using Serilog;
using Slipway.Delivery.Git;
using Slipway.Delivery.GitHub;
using Slipway.Delivery.Versioning;
using Slipway.Engine;
using Slipway.Engine.Logging;

namespace Slipway.Delivery.Release;

/// <summary>
/// Entry point of <c>./build.sh Release --version 1.4.0 [--dry-run] [--github-repository owner/name]
/// [--github-api-url URL]</c>:
/// <code>
/// await ReleaseWorkflow.RunAsync(new ReleaseRequest(RootDirectory, Version)
/// {
///     DryRun = DryRun, GitHubToken = GitHubToken, GitHubRepository = GitHubRepository, GitHubApiUrl = GitHubApiUrl,
///     Hints = BranchHints.FromEnvironment(),
/// }, cancellationToken);
/// </code>
/// Order: validate the request, read git and the remote, check the token against GitHub, decide (new or resume), and
/// only then change anything: notes, changelog commit, annotated tag, atomic push, GitHub release. Every refusal before
/// the first change is <see cref="BuildFailedException.BadInput"/> (exit 2); a failure after it says what exists and how
/// to finish (exit 1).
/// </summary>
internal static class ReleaseWorkflow
{
    public static async Task<ReleaseResult> RunAsync(ReleaseRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        SecretMasker.Register(request.GitHubToken);

        var target = ValidateRequest(request);
        var git = new GitTool(request.RepositoryRoot);
        var state = await ReleaseStateReader.ReadAsync(git, target, request.TagPrefix, request.Hints, cancellationToken);
        target = target with { Repository = await ResolveRepositoryAsync(request, git, cancellationToken) };

        using var gitHub = target.HasToken
            ? new GitHubClient(new GitHubClientOptions(request.GitHubToken!) { ApiUrl = target.ApiUrl, Retry = request.GitHubRetry })
            : null;
        if (gitHub is not null)
        {
            state = await CheckGitHubAsync(gitHub, target, state, cancellationToken);
        }

        var assessment = ReleasePlanner.Assess(target, state);
        var notes = await BuildNotesAsync(git, request, target, assessment, cancellationToken);
        var plan = ReleasePlanner.BuildPlan(target, assessment, state.Branch.Name, notes);

        if (plan.Mode == ReleaseMode.Complete)
        {
            Log.Information(
                "Release {Version} is already complete: {Tag} is on {Remote} and the GitHub release exists ({Url}). Nothing to do.",
                plan.Version,
                plan.Tag,
                target.Remote,
                state.ExistingGitHubRelease?.HtmlUrl);
            return new ReleaseResult(plan, request.DryRun) { ReleaseCommitSha = assessment.ReleaseCommit?.Sha, GitHubRelease = state.ExistingGitHubRelease };
        }

        if (request.DryRun)
        {
            Log.Information("Dry run: these steps would run; nothing is changed, locally or remotely.\n{Plan:l}", plan.Describe(git.Commands));
            Log.Information("Release notes that would be published:\n{Notes:l}", notes);
            return new ReleaseResult(plan, DryRun: true) { ReleaseCommitSha = assessment.ReleaseCommit?.Sha };
        }

        Log.Information("{Plan:l}", plan.Describe(git.Commands));
        return await new ReleaseExecutor(git, request.RepositoryRoot, gitHub)
            .ExecuteAsync(plan, assessment.ReleaseCommit?.Sha, cancellationToken);
    }

    /// <summary>The checks that need neither git nor GitHub; all problems are reported together.</summary>
    public static ReleaseTarget ValidateRequest(ReleaseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<string>();

        if (!StrictSemVer.TryParse(request.Version, out var version, out var versionError))
        {
            errors.Add("--version: " + versionError);
        }

        var hasToken = !string.IsNullOrWhiteSpace(request.GitHubToken);
        if (!hasToken && !request.DryRun)
        {
            errors.Add("No GitHub token: set GITHUB_TOKEN, or GITHUB_TOKEN_FILE to a file holding it (it needs contents: write on the repository), " +
                       "or use --dry-run to see the plan without one.");
        }

        var apiUrlText = string.IsNullOrWhiteSpace(request.GitHubApiUrl) ? GitHubClientOptions.DefaultApiUrl : request.GitHubApiUrl.Trim();
        if (!Uri.TryCreate(apiUrlText, UriKind.Absolute, out var apiUrl) || apiUrl.Scheme is not ("https" or "http"))
        {
            errors.Add($"--github-api-url '{apiUrlText}' is not an http(s) URL: use {GitHubClientOptions.DefaultApiUrl} or, for " +
                       "GitHub Enterprise Server, https://HOST/api/v3.");
        }

        GitHubRepositoryName? repository = null;
        if (!string.IsNullOrWhiteSpace(request.GitHubRepository) && !GitHubRepositoryName.TryParse(request.GitHubRepository, out repository))
        {
            errors.Add($"--github-repository '{request.GitHubRepository}' is not owner/name, e.g. acme/catalog.");
        }

        if (string.IsNullOrWhiteSpace(request.TagPrefix))
        {
            errors.Add("The tag prefix is empty: release tags need a prefix such as prod/v.");
        }

        foreach (var (name, path) in new[] { ("changelog", request.ChangelogPath), ("release notes", request.ReleaseNotesPath) })
        {
            if (string.IsNullOrWhiteSpace(path) || Path.IsPathRooted(path) || path.Split('/', '\\').Contains(".."))
            {
                errors.Add($"The {name} path '{path}' must be relative to the repository root and stay inside it.");
            }
        }

        if (errors.Count > 0)
        {
            throw BuildFailedException.BadInput(
                $"Release cannot start; nothing was changed:{Environment.NewLine}" + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)));
        }

        return new ReleaseTarget
        {
            Version = version,
            Tag = ReleaseConventions.TagName(request.TagPrefix, version.ToNormalizedString()),
            Remote = request.Remote,
            DryRun = request.DryRun,
            HasToken = hasToken,
            Repository = repository,
            ApiUrl = apiUrl!,
            ChangelogPath = request.ChangelogPath.Replace('\\', '/'),
            ReleaseNotesPath = request.ReleaseNotesPath.Replace('\\', '/'),
        };
    }

    private static async Task<GitHubRepositoryName> ResolveRepositoryAsync(ReleaseRequest request, GitTool git, CancellationToken cancellationToken)
    {
        if (GitHubRepositoryName.TryParse(request.GitHubRepository, out var explicitRepository))
        {
            return explicitRepository!;
        }

        var fromEnvironment = request.EnvironmentVariable("GITHUB_REPOSITORY");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return GitHubRepositoryName.TryParse(fromEnvironment, out var repository)
                ? repository!
                : throw BuildFailedException.BadInput($"GITHUB_REPOSITORY '{fromEnvironment}' is not owner/name; pass --github-repository owner/name.");
        }

        var url = await git.GetRemoteUrlAsync(request.Remote, cancellationToken);
        return GitHubRepositoryName.FromRemoteUrl(url)
            ?? throw BuildFailedException.BadInput(
                $"Cannot tell which GitHub repository to release: pass --github-repository owner/name or set GITHUB_REPOSITORY " +
                $"(the URL of '{request.Remote}', '{url}', does not name one).");
    }

    /// <summary>Proves the token works on the repository before anything changes, and looks for an existing release.</summary>
    private static async Task<ReleaseState> CheckGitHubAsync(GitHubClient gitHub, ReleaseTarget target, ReleaseState state, CancellationToken cancellationToken)
    {
        var repository = target.Repository!;
        try
        {
            var found = await gitHub.GetRepositoryAsync(repository, cancellationToken);
            if (found.Permissions is { Push: false })
            {
                throw BuildFailedException.BadInput(
                    $"The GitHub token can read {repository} but not write to it: releases need 'contents: write' (fine-grained " +
                    "token: Contents read and write; in GitHub Actions: 'permissions: contents: write'). Nothing was changed.");
            }

            var existing = state.RemoteTagObject is null
                ? null
                : await gitHub.GetReleaseByTagAsync(repository, target.Tag, cancellationToken);
            return state with { ExistingGitHubRelease = existing, GitHubChecked = true };
        }
        catch (GitHubApiException exception) when (exception.IsCallerError)
        {
            throw BuildFailedException.BadInput(exception.Message + " Nothing was changed.");
        }
        catch (GitHubApiException exception)
        {
            throw new BuildFailedException(ExitCodes.TargetFailed, exception.Message + " Nothing was changed; re-run when GitHub answers.", exception);
        }
    }

    private static async Task<string> BuildNotesAsync(GitTool git, ReleaseRequest request, ReleaseTarget target, ReleaseAssessment assessment, CancellationToken cancellationToken)
    {
        var tags = new List<VersionTag>();
        foreach (var tag in await git.GetTagsAsync(request.TagPrefix, assessment.NotesUntil, cancellationToken))
        {
            if (tag.Name != target.Tag && VersionTag.TryCreate(tag, request.TagPrefix, out var versionTag))
            {
                tags.Add(versionTag!);
            }
        }

        // A release's notes cover everything since the previous release of its kind: 1.4.0 lists all that 1.4.0-rc.N did.
        var previous = target.Version.IsPrerelease ? VersionTag.Highest(tags) : VersionTag.Highest(tags.Where(t => !t.IsPreRelease));
        var commits = await git.GetCommitsAsync(previous?.CommitSha, assessment.NotesUntil, includeMerges: false, cancellationToken);
        var date = assessment.ReleaseCommit?.CommitterDate ?? request.Clock.GetUtcNow();
        return ChangelogBuilder.Build(target.VersionText, DateOnly.FromDateTime(date.UtcDateTime), previous?.Name, commits, assessment.OlderLine);
    }
}
