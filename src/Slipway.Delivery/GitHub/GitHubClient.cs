using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Polly;
using Polly.Retry;
using Serilog;
using Slipway.Engine.Logging;

namespace Slipway.Delivery.GitHub;

/// <summary>
/// The few calls of GitHub's REST API that releases and the base-pin refresh need. Stands in for Octokit (not served by the feed here): typed
/// request and response records, the same endpoints, so a move to Octokit stays mechanical. Sends the headers GitHub
/// asks for (<c>Accept: application/vnd.github+json</c>, <c>Authorization: Bearer</c>, <c>X-GitHub-Api-Version</c>,
/// a User-Agent), retries rate limits and server errors through a Polly pipeline as <see cref="GitHubRetryAdvisor"/>
/// advises, and turns error answers into messages that say what to fix.
/// </summary>
internal sealed class GitHubClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient http;
    private readonly GitHubClientOptions options;
    private readonly ResiliencePipeline<HttpResponseMessage> pipeline;

    /// <param name="options">API URL, token, retry behaviour.</param>
    /// <param name="handler">The HTTP handler (a test may wrap it); the client owns and disposes it.</param>
    public GitHubClient(GitHubClientOptions options, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Token))
        {
            throw new ArgumentException("A GitHub token is required.", nameof(options));
        }

        this.options = options;
        SecretMasker.Register(options.Token);

        var baseUrl = options.ApiUrl.AbsoluteUri.EndsWith('/') ? options.ApiUrl : new Uri(options.ApiUrl.AbsoluteUri + "/");
#pragma warning disable CA2000 // The HttpClient takes ownership of the handler (disposeHandler: true).
        http = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: true)
#pragma warning restore CA2000
        {
            BaseAddress = baseUrl,
            Timeout = options.RequestTimeout,
        };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
        http.DefaultRequestHeaders.Add("X-GitHub-Api-Version", options.ApiVersion);
        http.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);

        pipeline = BuildPipeline(options.Retry);
    }

    public Uri ApiUrl => options.ApiUrl;

    /// <summary><c>GET /repos/{owner}/{repo}</c>: proves the token works and can see the repository.</summary>
    public async Task<GitHubRepository> GetRepositoryAsync(GitHubRepositoryName repository, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var answer = await SendAsync(HttpMethod.Get, RepositoryPath(repository), content: null, cancellationToken);
        return answer.IsSuccess
            ? Read<GitHubRepository>(answer)
            : throw Describe(answer, $"reading repository {repository}", repository);
    }

    /// <summary><c>GET /repos/{owner}/{repo}/releases/tags/{tag}</c>, or null when no release has that tag.</summary>
    public async Task<GitHubRelease?> GetReleaseByTagAsync(GitHubRepositoryName repository, string tag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentException.ThrowIfNullOrEmpty(tag);
        var path = $"{RepositoryPath(repository)}/releases/tags/{Uri.EscapeDataString(tag)}";
        var answer = await SendAsync(HttpMethod.Get, path, content: null, cancellationToken);
        if (answer.Status == HttpStatusCode.NotFound)
        {
            return null;
        }

        return answer.IsSuccess ? Read<GitHubRelease>(answer) : throw Describe(answer, $"looking up the release for tag {tag}", repository);
    }

    /// <summary><c>POST /repos/{owner}/{repo}/releases</c> on an existing tag.</summary>
    /// <exception cref="GitHubApiException">With <see cref="GitHubApiException.IsAlreadyExists"/> when the tag has a release already.</exception>
    public async Task<GitHubRelease> CreateReleaseAsync(GitHubRepositoryName repository, NewGitHubRelease release, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(release);
        var answer = await SendAsync(HttpMethod.Post, $"{RepositoryPath(repository)}/releases", release, cancellationToken);
        return answer.IsSuccess
            ? Read<GitHubRelease>(answer)
            : throw Describe(answer, $"creating the release for tag {release.TagName}", repository);
    }

    /// <summary>
    /// <c>GET /repos/{owner}/{repo}/pulls?state=open&amp;head={owner}:{branch}</c>: the open pull request from a branch of
    /// this repository, or null.
    /// </summary>
    public async Task<GitHubPullRequest?> FindOpenPullRequestAsync(GitHubRepositoryName repository, string headBranch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentException.ThrowIfNullOrEmpty(headBranch);
        var path = $"{RepositoryPath(repository)}/pulls?state=open&head={Uri.EscapeDataString(repository.Owner + ":" + headBranch)}";
        var answer = await SendAsync(HttpMethod.Get, path, content: null, cancellationToken);
        return answer.IsSuccess
            ? Read<List<GitHubPullRequest>>(answer).FirstOrDefault()
            : throw Describe(answer, $"looking for an open pull request from {headBranch}", repository, PullRequestPermission);
    }

    /// <summary><c>POST /repos/{owner}/{repo}/pulls</c> from a branch already pushed to the repository.</summary>
    public async Task<GitHubPullRequest> CreatePullRequestAsync(GitHubRepositoryName repository, NewGitHubPullRequest pullRequest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(pullRequest);
        var answer = await SendAsync(HttpMethod.Post, $"{RepositoryPath(repository)}/pulls", pullRequest, cancellationToken);
        return answer.IsSuccess
            ? Read<GitHubPullRequest>(answer)
            : throw Describe(answer, $"opening a pull request from {pullRequest.Head} into {pullRequest.Base}", repository, PullRequestPermission);
    }

    public void Dispose() => http.Dispose();

    private static string RepositoryPath(GitHubRepositoryName repository) =>
        $"repos/{Uri.EscapeDataString(repository.Owner)}/{Uri.EscapeDataString(repository.Name)}";

    private static T Read<T>(Answer answer) =>
        JsonSerializer.Deserialize<T>(answer.Body, Json)
        ?? throw new GitHubApiException((int)answer.Status, $"GitHub answered {(int)answer.Status} with an empty body.");

    private async Task<Answer> SendAsync(HttpMethod method, string path, object? content, CancellationToken cancellationToken)
    {
        // Serialized once, up front: a byte array has a length, so every attempt sends Content-Length. JsonContent streams
        // without one, and HttpClient then falls back to chunked transfer encoding, which strict servers and proxies in
        // front of GitHub Enterprise refuse with 411 (security review, finding 13).
        var json = content is null ? null : JsonSerializer.SerializeToUtf8Bytes(content, content.GetType(), Json);
        var attempts = 0;
        HttpResponseMessage response;
        try
        {
            response = await pipeline.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    using var request = new HttpRequestMessage(method, path);
                    if (json is not null)
                    {
                        request.Content = new ByteArrayContent(json)
                        {
                            Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } },
                        };
                    }

                    Log.Debug("GitHub {Method} {Path} (attempt {Attempt})", method, path, attempts);
                    return await http.SendAsync(request, token);
                },
                cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new GitHubApiException(
                $"Could not reach GitHub at {options.ApiUrl} after {attempts} attempt(s) ({exception.Message}). Check --github-api-url " +
                "(GitHub Enterprise Server: https://HOST/api/v3) and the network.",
                exception);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var advice = GitHubRetryAdvisor.ForResponse(response, body, attempts - 1, options.Retry);
            Log.Debug("GitHub {Method} {Path} answered {Status}", method, path, (int)response.StatusCode);
            return new Answer(response.StatusCode, body, attempts, advice);
        }
    }

    private const string PullRequestPermission =
        "'pull-requests: write' and 'contents: write' (fine-grained token: Pull requests and Contents read and write; in GitHub " +
        "Actions: both permissions, and the repository setting 'Allow GitHub Actions to create and approve pull requests')";

    private const string ContentsPermission =
        "'contents: write' (fine-grained token: Contents read and write; classic token: the repo scope; in GitHub " +
        "Actions: 'permissions: contents: write')";

    private GitHubApiException Describe(Answer answer, string operation, GitHubRepositoryName repository, string permission = ContentsPermission)
    {
        GitHubErrorResponse? error = null;
        try
        {
            error = JsonSerializer.Deserialize<GitHubErrorResponse>(answer.Body, Json);
        }
        catch (JsonException)
        {
            // Proxies and load balancers answer HTML; the status alone has to do.
        }

        var status = (int)answer.Status;
        var said = string.IsNullOrWhiteSpace(error?.Message) ? string.Empty : $": \"{error!.Message}\"";
        var message = status switch
        {
            401 => $"GitHub rejected the token while {operation} (401{said}). Pass a valid, unexpired token with " +
                   "GITHUB_TOKEN or GITHUB_TOKEN_FILE, not --github-token, which other users can read (for an organisation with SSO, authorise the token for it).",
            403 or 429 when answer.Advice.IsRateLimit =>
                $"GitHub rate-limited {operation} ({status}{said}) after {answer.Attempts} attempt(s): {answer.Advice.Reason}.",
            403 => $"GitHub refused {operation} ({status}{said}): the token lacks permission on {repository}. It needs {permission}.",
            404 => $"GitHub found nothing while {operation} (404{said}). Check --github-repository ({repository}), " +
                   $"--github-api-url ({options.ApiUrl}; GitHub Enterprise Server: https://HOST/api/v3), and that the token can " +
                   "see the repository (GitHub answers 404, not 403, to tokens without access to a private repository).",
            422 when error?.Errors?.Any(e => e.Code == "already_exists") == true =>
                $"GitHub says it already exists while {operation} (422 already_exists).",
            422 => $"GitHub rejected {operation} (422{said}{Details(error)}).",
            _ => $"GitHub answered {status} while {operation} after {answer.Attempts} attempt(s){said}.",
        };
        return new GitHubApiException(status, message, error, isRateLimited: status is 403 or 429 && answer.Advice.IsRateLimit);
    }

    private static string Details(GitHubErrorResponse? error) =>
        error?.Errors is { Count: > 0 } details
            ? "; " + string.Join(", ", details.Select(d => string.Join(' ', new[] { d.Resource, d.Field, d.Code, d.Message }.Where(s => !string.IsNullOrEmpty(s)))))
            : string.Empty;

    private static ResiliencePipeline<HttpResponseMessage> BuildPipeline(GitHubRetryOptions retry)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = retry.TimeProvider };
        if (retry.MaxRetries < 1)
        {
            return builder.Build();
        }

        return builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = retry.MaxRetries,
            ShouldHandle = async args => (await AdviseAsync(args.Outcome, args.AttemptNumber, retry, args.Context.CancellationToken)).Retry,
            DelayGenerator = async args => (await AdviseAsync(args.Outcome, args.AttemptNumber, retry, args.Context.CancellationToken)).Delay,
            OnRetry = async args =>
            {
                var advice = await AdviseAsync(args.Outcome, args.AttemptNumber, retry, args.Context.CancellationToken);
                Log.Warning(
                    "{Reason}; retrying in {Delay:0.#}s (retry {Retry} of {MaxRetries})",
                    advice.Reason,
                    args.RetryDelay.TotalSeconds,
                    args.AttemptNumber + 1,
                    retry.MaxRetries);
            },
        }).Build();
    }

    private static async ValueTask<GitHubRetryAdvice> AdviseAsync(Outcome<HttpResponseMessage> outcome, int retryNumber, GitHubRetryOptions retry, CancellationToken cancellationToken)
    {
        if (outcome.Exception is { } exception)
        {
            return cancellationToken.IsCancellationRequested
                ? GitHubRetryAdvice.Final("cancelled")
                : GitHubRetryAdvisor.ForException(exception, retryNumber, retry);
        }

        var response = outcome.Result!;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return GitHubRetryAdvisor.ForResponse(response, body, retryNumber, retry);
    }

    private sealed record Answer(HttpStatusCode Status, string Body, int Attempts, GitHubRetryAdvice Advice)
    {
        public bool IsSuccess => (int)Status is >= 200 and < 300;
    }
}
