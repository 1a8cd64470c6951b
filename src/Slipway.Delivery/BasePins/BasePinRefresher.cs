using System.Text;
using Serilog;
using Slipway.Delivery.Git;
using Slipway.Delivery.GitHub;
using Slipway.Engine;
using Slipway.Engine.Logging;

namespace Slipway.Delivery.BasePins;

/// <summary>
/// <c>./build.sh RefreshBasePins [--dry-run] [--open-pull-request]</c>: reads the Dockerfile's pinned <c>ARG</c> lines,
/// asks each registry what the pinned tag names now, prints the table and rewrites the digests that moved. With a pull
/// request: commits the Dockerfile alone on <c>deps/base-pins-&lt;date&gt;</c>, pushes it and opens the pull request (or,
/// when that branch has an open one already, moves the branch under it). Every check — the file, the pins, the
/// registries, git, the token and the repository — comes before the first write.
/// </summary>
internal static class BasePinRefresher
{
    /// <summary>The GitHub Actions bot, for runners whose git has no identity (a checkout sets none).</summary>
    private const string BotName = "github-actions[bot]";

    private const string BotEmail = "41898282+github-actions[bot]@users.noreply.github.com";

    /// <summary>Strict, so a file that is not UTF-8 is refused rather than rewritten with replacement characters.</summary>
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task<BasePinRefreshResult> RunAsync(BasePinRefreshRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        SecretMasker.Register(request.GitHubToken);
        var fileName = Path.GetRelativePath(request.RepositoryRoot, request.Dockerfile).Replace('\\', '/');
        if (!File.Exists(request.Dockerfile))
        {
            throw BuildFailedException.BadInput(
                $"No Dockerfile at {request.Dockerfile}: RefreshBasePins refreshes the pins of the build's Dockerfile " +
                "(IDockerBuild.Dockerfile, default Dockerfile at the repository root). Create it, or name yours in the build class: " +
                "AbsolutePath IDockerBuild.Dockerfile => RootDirectory / \"src\" / \"Api\" / \"Dockerfile\";");
        }

        // Bytes in, bytes out: GetString keeps a byte order mark as a character, so the rewrite writes it back as it was.
        string text;
        try
        {
            text = Utf8.GetString(await File.ReadAllBytesAsync(request.Dockerfile, cancellationToken));
        }
        catch (DecoderFallbackException)
        {
            throw BuildFailedException.BadInput($"{fileName} is not UTF-8 text; save it as UTF-8. Nothing was changed.");
        }

        var pins = DockerfilePins.Parse(text, fileName);
        if (pins.Count == 0)
        {
            Log.Information("{File} pins no base image (no ARG NAME=image:tag@sha256:<digest> line): nothing to refresh.", fileName);
            return new BasePinRefreshResult([], Written: false);
        }

        var git = new GitTool(request.RepositoryRoot);
        var branch = BasePinPullRequest.BranchName(request.Clock.GetUtcNow());
        ValidatePullRequestRequest(request);

        var statuses = await BasePinResolver.ResolveAsync(pins, fileName, request.RegistryLogin, request.RegistryTimeout, cancellationToken);
        Log.Information("Base image pins of {File}:\n{Table:l}", fileName, BasePinPullRequest.Table(statuses));
        var changed = statuses.Where(s => s.Changed).ToList();
        if (changed.Count == 0)
        {
            Log.Information(
                "Every pin still names what its tag names: {File} is unchanged{PullRequest:l}.",
                fileName,
                request.OpenPullRequest ? " and no pull request is opened" : string.Empty);
            return new BasePinRefreshResult(statuses, Written: false);
        }

        if (request.DryRun)
        {
            Log.Information(
                "Dry run: {Count} pin(s) would change; {File} is not written{PullRequest:l}.",
                changed.Count,
                fileName,
                request.OpenPullRequest ? $", nothing is committed or pushed and no pull request is opened (it would come from {branch})" : string.Empty);
            return new BasePinRefreshResult(statuses, Written: false) { Branch = request.OpenPullRequest ? branch : null };
        }

        var plan = request.OpenPullRequest ? await PlanPullRequestAsync(request, git, fileName, branch, cancellationToken) : null;
        using (plan?.GitHub)
        {
            var rewritten = DockerfilePins.Rewrite(text, pins, changed.ToDictionary(c => c.Pin.Argument, c => c.CurrentDigest, StringComparer.Ordinal));
            await File.WriteAllBytesAsync(request.Dockerfile, Utf8.GetBytes(rewritten), cancellationToken);
            Log.Information("Rewrote {Count} pin(s) in {File}.", changed.Count, fileName);
            var result = new BasePinRefreshResult(statuses, Written: true);
            return plan is null ? result : await CommitAndOpenAsync(git, plan, fileName, changed, request.Remote, cancellationToken) with { Pins = statuses, Written = true };
        }
    }

    /// <summary>The pull request inputs that need neither git nor the network.</summary>
    private static void ValidatePullRequestRequest(BasePinRefreshRequest request)
    {
        if (!request.OpenPullRequest || request.DryRun)
        {
            return;
        }

        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(request.GitHubToken))
        {
            problems.Add("No GitHub token: set GITHUB_TOKEN, or GITHUB_TOKEN_FILE to a file holding it (contents: write and pull-requests: write), " +
                         "or run without --open-pull-request to rewrite the Dockerfile only.");
        }

        if (!string.IsNullOrWhiteSpace(request.GitHubApiUrl) &&
            (!Uri.TryCreate(request.GitHubApiUrl.Trim(), UriKind.Absolute, out var apiUrl) || apiUrl.Scheme is not ("https" or "http")))
        {
            problems.Add($"--github-api-url '{request.GitHubApiUrl}' is not an http(s) URL: use {GitHubClientOptions.DefaultApiUrl} or, for GitHub Enterprise Server, https://HOST/api/v3.");
        }

        if (!string.IsNullOrWhiteSpace(request.GitHubRepository) && !GitHubRepositoryName.TryParse(request.GitHubRepository, out _))
        {
            problems.Add($"--github-repository '{request.GitHubRepository}' is not owner/name, e.g. acme/catalog.");
        }

        if (problems.Count > 0)
        {
            throw BuildFailedException.BadInput("RefreshBasePins cannot open a pull request; nothing was changed:" + string.Concat(problems.Select(p => Environment.NewLine + "  - " + p)));
        }
    }

    /// <summary>git and GitHub, checked before the Dockerfile is written: a refusal here leaves everything as it was.</summary>
    private static async Task<BasePinPullRequestPlan> PlanPullRequestAsync(
        BasePinRefreshRequest request, GitTool git, string fileName, string branch, CancellationToken cancellationToken)
    {
        await git.EnsureRepositoryAsync(cancellationToken);
        var uncommitted = await git.GetUncommittedChangesAsync(cancellationToken);
        if (uncommitted.Any(line => line.Length > 3 && line[3..].Trim('"') == fileName))
        {
            throw BuildFailedException.BadInput(
                $"{fileName} has uncommitted changes, which the pull request would carry: commit or stash them first. Nothing was changed.");
        }

        var baseBranch = await git.GetCheckedOutBranchAsync(cancellationToken) ?? request.EnvironmentVariable("GITHUB_REF_NAME");
        if (string.IsNullOrWhiteSpace(baseBranch))
        {
            throw BuildFailedException.BadInput(
                "HEAD is detached, so there is no branch for the pull request to go into: check out that branch (e.g. main) first. Nothing was changed.");
        }

        if (baseBranch == branch)
        {
            throw BuildFailedException.BadInput($"{branch} is checked out: check out the branch the pull request should go into (e.g. main). Nothing was changed.");
        }

        var identity = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!await git.HasCommitterIdentityAsync(cancellationToken))
        {
            if (request.EnvironmentVariable("GITHUB_ACTIONS") != "true")
            {
                throw BuildFailedException.BadInput(
                    "git does not know who is committing: set user.name and user.email (git config user.name \"…\"; git config user.email …). Nothing was changed.");
            }

            foreach (var role in new[] { "AUTHOR", "COMMITTER" })
            {
                identity[$"GIT_{role}_NAME"] = BotName;
                identity[$"GIT_{role}_EMAIL"] = BotEmail;
            }
        }

        if (await git.GetRemoteUrlAsync(request.Remote, cancellationToken) is not { Length: > 0 } remoteUrl)
        {
            throw BuildFailedException.BadInput($"This clone has no remote '{request.Remote}' to push {branch} to: add it (git remote add {request.Remote} URL). Nothing was changed.");
        }

        var repository = ResolveRepository(request, remoteUrl);
        var apiUrl = new Uri(string.IsNullOrWhiteSpace(request.GitHubApiUrl) ? GitHubClientOptions.DefaultApiUrl : request.GitHubApiUrl.Trim());
        var gitHub = new GitHubClient(new GitHubClientOptions(request.GitHubToken!) { ApiUrl = apiUrl, Retry = request.GitHubRetry, UserAgent = "Slipway-BasePins/1.0" });
        try
        {
            var found = await gitHub.GetRepositoryAsync(repository, cancellationToken);
            if (found.Permissions is { Push: false })
            {
                throw BuildFailedException.BadInput(
                    $"The GitHub token can read {repository} but not push to it: the pull request's branch needs 'contents: write' and " +
                    "the pull request 'pull-requests: write'. Nothing was changed.");
            }

            var existing = await gitHub.FindOpenPullRequestAsync(repository, branch, cancellationToken);
            return new BasePinPullRequestPlan(gitHub, repository, baseBranch, branch, existing, identity);
        }
        catch (Exception exception)
        {
            gitHub.Dispose();
            throw exception switch
            {
                GitHubApiException { IsCallerError: true } => BuildFailedException.BadInput(exception.Message + " Nothing was changed."),
                GitHubApiException => new BuildFailedException(ExitCodes.TargetFailed, exception.Message + " Nothing was changed; re-run when GitHub answers.", exception),
                _ => exception,
            };
        }
    }

    private static GitHubRepositoryName ResolveRepository(BasePinRefreshRequest request, string remoteUrl)
    {
        if (GitHubRepositoryName.TryParse(request.GitHubRepository, out var explicitRepository))
        {
            return explicitRepository!;
        }

        if (request.EnvironmentVariable("GITHUB_REPOSITORY") is { Length: > 0 } fromEnvironment)
        {
            return GitHubRepositoryName.TryParse(fromEnvironment, out var repository)
                ? repository!
                : throw BuildFailedException.BadInput($"GITHUB_REPOSITORY '{fromEnvironment}' is not owner/name; pass --github-repository owner/name. Nothing was changed.");
        }

        return GitHubRepositoryName.FromRemoteUrl(remoteUrl)
            ?? throw BuildFailedException.BadInput(
                $"Cannot tell which GitHub repository to open the pull request in: pass --github-repository owner/name or set GITHUB_REPOSITORY " +
                $"(the URL of '{request.Remote}', '{remoteUrl}', does not name one). Nothing was changed.");
    }

    /// <summary>After the write: commit the Dockerfile alone on the branch, push, open (or reuse) the pull request.</summary>
    private static async Task<BasePinRefreshResult> CommitAndOpenAsync(
        GitTool git, BasePinPullRequestPlan plan, string fileName, IReadOnlyList<BasePinStatus> changed, string remote, CancellationToken cancellationToken)
    {
        var body = BasePinPullRequest.Body(changed, fileName);
        var pushed = false;
        try
        {
            await git.RunAsync(git.Commands.SwitchToNewBranch(plan.Branch), cancellationToken);
            var commit = git.Commands.CommitOnly(BasePinPullRequest.Title + "\n\n" + body, fileName);
            foreach (var (name, value) in plan.CommitIdentity)
            {
                commit = commit.WithEnvironment(name, value);
            }

            await git.RunAsync(commit, cancellationToken);
            await git.RunAsync(git.Commands.ForcePushHeadTo(remote, plan.Branch), cancellationToken);
            pushed = true;
            Log.Information("Pushed {Branch} to {Remote}.", plan.Branch, remote);

            if (plan.Existing is { } existing)
            {
                // No duplicate: the branch is the pull request's head, so the push above already updated it.
                Log.Information("{Branch} already has an open pull request, #{Number} ({Url}): updated it instead of opening another.", plan.Branch, existing.Number, existing.HtmlUrl);
                return new BasePinRefreshResult([], Written: true) { PullRequest = existing, PullRequestExisted = true, Branch = plan.Branch };
            }

            var created = await plan.GitHub.CreatePullRequestAsync(plan.Repository, new NewGitHubPullRequest(BasePinPullRequest.Title, plan.Branch, plan.Base, body), cancellationToken);
            Log.Information("Opened pull request #{Number} from {Branch} into {Base}: {Url}", created.Number, plan.Branch, plan.Base, created.HtmlUrl);
            return new BasePinRefreshResult([], Written: true) { PullRequest = created, Branch = plan.Branch };
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not BuildFailedException)
        {
            var state = pushed
                ? $"{fileName} is rewritten, committed on {plan.Branch} and pushed to {remote}; only the pull request is missing. Open it from {plan.Branch} into {plan.Base} on GitHub, or re-run."
                : $"{fileName} is rewritten in the work tree (on {plan.Branch} if the switch succeeded) but nothing was pushed. Re-run after fixing the cause, or undo with 'git checkout {plan.Base} -- {fileName}'.";
            throw new BuildFailedException(ExitCodes.TargetFailed, $"RefreshBasePins failed after rewriting the pins. {state}{Environment.NewLine}Cause: {exception.Message}", exception);
        }
    }
}
