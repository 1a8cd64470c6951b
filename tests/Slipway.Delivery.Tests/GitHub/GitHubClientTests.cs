using System.Globalization;
using System.Text.Json.Nodes;
using Slipway.Delivery.GitHub;

namespace Slipway.Delivery.Tests.GitHub;

/// <summary>The REST client against a local GitHub stand-in: headers, typed bodies, error mapping, rate limits, retries.</summary>
public class GitHubClientTests
{
    private static readonly GitHubRepositoryName Repo = new(GitHubStandIn.Owner, GitHubStandIn.Repository);
    private GitHubStandIn standIn = null!;
    private RecordingTimeProvider clock = null!;

    [SetUp]
    public async Task SetUp()
    {
        standIn = await GitHubStandIn.StartAsync();
        clock = new RecordingTimeProvider();
    }

    [TearDown]
    public async Task TearDown() => await standIn.DisposeAsync();

    [Test]
    public async Task Creating_a_release_sends_GitHubs_headers_and_a_typed_body()
    {
        using var client = Client();

        var release = await client.CreateReleaseAsync(Repo, new NewGitHubRelease("prod/v1.4.0", "1.4.0", "## notes", Prerelease: true));

        var request = standIn.ReleaseCreations.Single();
        var body = JsonNode.Parse(request.Body)!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(request.Path, Is.EqualTo("/repos/acme/catalog/releases"));
            Assert.That(request.Header("Accept"), Is.EqualTo("application/vnd.github+json"));
            Assert.That(request.Header("Authorization"), Is.EqualTo("Bearer " + GitHubStandIn.Token));
            Assert.That(request.Header("X-GitHub-Api-Version"), Is.EqualTo("2022-11-28"));
            Assert.That(request.Header("User-Agent"), Does.StartWith("Slipway"));
            Assert.That(body["tag_name"]!.GetValue<string>(), Is.EqualTo("prod/v1.4.0"));
            Assert.That(body["name"]!.GetValue<string>(), Is.EqualTo("1.4.0"));
            Assert.That(body["body"]!.GetValue<string>(), Is.EqualTo("## notes"));
            Assert.That(body["prerelease"]!.GetValue<bool>(), Is.True);
            Assert.That(body["draft"]!.GetValue<bool>(), Is.False);
            Assert.That(release.TagName, Is.EqualTo("prod/v1.4.0"));
            Assert.That(release.Prerelease, Is.True);
            Assert.That(release.HtmlUrl, Does.EndWith("/releases/tag/prod/v1.4.0"));
        });
    }

    [Test]
    public async Task A_request_body_is_sent_with_its_content_length_never_chunked()
    {
        using var client = Client();

        await client.CreateReleaseAsync(Repo, new NewGitHubRelease("prod/v1.4.0", "1.4.0", "## Notes — with ümlauts", Prerelease: false));

        var request = standIn.ReleaseCreations.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Header("Transfer-Encoding"), Is.Empty);
            Assert.That(request.Header("Content-Length"), Is.EqualTo(System.Text.Encoding.UTF8.GetByteCount(request.Body).ToString(CultureInfo.InvariantCulture)));
            Assert.That(request.Header("Content-Type"), Is.EqualTo("application/json; charset=utf-8"));
        });
    }

    [Test]
    public async Task The_stand_in_refuses_a_chunked_body_with_411_as_a_strict_server_would()
    {
        using var http = new HttpClient { BaseAddress = standIn.ApiUrl };
        using var chunked = new StreamContent(new MemoryStream("{\"tag_name\":\"prod/v1.4.0\"}"u8.ToArray()));
        chunked.Headers.ContentLength = null;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/repos/acme/catalog/releases") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", GitHubStandIn.Token);

        using var response = await http.SendAsync(request);

        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(411));
            Assert.That(standIn.HasRelease("prod/v1.4.0"), Is.False);
        });
    }

    [Test]
    public async Task A_release_is_looked_up_by_its_escaped_tag_and_a_missing_one_is_null()
    {
        using var client = Client();
        standIn.AddRelease("prod/v1.3.0");

        var existing = await client.GetReleaseByTagAsync(Repo, "prod/v1.3.0");
        var missing = await client.GetReleaseByTagAsync(Repo, "prod/v9.9.9");

        Assert.Multiple(() =>
        {
            Assert.That(existing?.TagName, Is.EqualTo("prod/v1.3.0"));
            Assert.That(missing, Is.Null);
            Assert.That(standIn.Requests[0].Path, Is.EqualTo("/repos/acme/catalog/releases/tags/prod%2Fv1.3.0"));
        });
    }

    [Test]
    public async Task The_repository_answer_carries_the_tokens_permissions()
    {
        using var client = Client();
        standIn.CanPush = false;

        var repository = await client.GetRepositoryAsync(Repo);

        Assert.That(repository.Permissions, Is.EqualTo(new GitHubRepositoryPermissions(Admin: false, Push: false, Pull: true)));
    }

    [Test]
    public void A_rejected_token_is_a_401_with_the_fix_and_without_the_token()
    {
        using var client = Client(token: "ghp_wrongTokenValue999");

        var error = Assert.ThrowsAsync<GitHubApiException>(() => client.GetRepositoryAsync(Repo));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(401));
            Assert.That(error.IsCallerError, Is.True);
            Assert.That(error.Message, Does.Contain("rejected the token").And.Contain("--github-token").And.Contain("Bad credentials"));
            Assert.That(error.Message, Does.Not.Contain("ghp_wrongTokenValue999"));
            Assert.That(standIn.Requests, Has.Count.EqualTo(1), "a 401 is not retried");
        });
    }

    [Test]
    public void A_403_without_rate_limit_headers_is_a_permission_problem_and_not_retried()
    {
        using var client = Client();
        standIn.Enqueue("POST", "/repos/acme/catalog/releases", 403, """{"message":"Resource not accessible by integration"}""");

        var error = Assert.ThrowsAsync<GitHubApiException>(() => client.CreateReleaseAsync(Repo, NewRelease()));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(403));
            Assert.That(error.Message, Does.Contain("contents: write").And.Contain("Resource not accessible by integration"));
            Assert.That(standIn.ReleaseCreations, Has.Count.EqualTo(1));
            Assert.That(clock.Delays, Is.Empty);
        });
    }

    [Test]
    public async Task A_pull_request_is_opened_from_a_head_into_a_base_and_found_while_open()
    {
        using var client = Client();

        var created = await client.CreatePullRequestAsync(Repo, new NewGitHubPullRequest("build(deps): x", "deps/x", "main", "body"));
        var found = await client.FindOpenPullRequestAsync(Repo, "deps/x");
        var other = await client.FindOpenPullRequestAsync(Repo, "deps/y");

        var body = JsonNode.Parse(standIn.PullRequestCreations.Single().Body)!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(body.Select(p => p.Key), Is.EquivalentTo(new[] { "title", "head", "base", "body" }));
            Assert.That((created.Number, created.Head?.Ref, created.Base?.Ref), Is.EqualTo((1, "deps/x", "main")));
            Assert.That(found?.Number, Is.EqualTo(1));
            Assert.That(other, Is.Null);
            Assert.That(standIn.Requests[^1].Path, Is.EqualTo("/repos/acme/catalog/pulls"), "the head filter goes in the query");
        });
    }

    [Test]
    public void A_403_on_a_pull_request_names_the_pull_requests_permission()
    {
        using var client = Client();
        standIn.Enqueue("POST", "/repos/acme/catalog/pulls", 403, """{"message":"GitHub Actions is not permitted to create or approve pull requests."}""");

        var error = Assert.ThrowsAsync<GitHubApiException>(() => client.CreatePullRequestAsync(Repo, new NewGitHubPullRequest("t", "deps/x", "main", "b")));

        Assert.That(error!.Message, Does.Contain("'pull-requests: write'").And.Contain("Allow GitHub Actions to create and approve pull requests"));
    }

    [Test]
    public void An_unknown_repository_is_a_404_naming_repository_and_API_URL()
    {
        using var client = Client();

        var error = Assert.ThrowsAsync<GitHubApiException>(() => client.GetRepositoryAsync(new GitHubRepositoryName("acme", "nope")));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(404));
            Assert.That(error.Message, Does.Contain("--github-repository (acme/nope)").And.Contain("--github-api-url").And.Contain("/api/v3"));
        });
    }

    [Test]
    public async Task A_release_that_exists_already_is_a_422_already_exists()
    {
        using var client = Client();
        await client.CreateReleaseAsync(Repo, NewRelease());

        var error = Assert.ThrowsAsync<GitHubApiException>(() => client.CreateReleaseAsync(Repo, NewRelease()));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(422));
            Assert.That(error.IsAlreadyExists, Is.True);
            Assert.That(error.Message, Does.Contain("already_exists"));
        });
    }

    [Test]
    public async Task A_403_with_retry_after_waits_that_long_then_succeeds()
    {
        using var client = Client();
        standIn.Enqueue("POST", "/repos/acme/catalog/releases", 403,
            """{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}""",
            new Dictionary<string, string> { ["retry-after"] = "7" });

        var release = await client.CreateReleaseAsync(Repo, NewRelease());

        Assert.Multiple(() =>
        {
            Assert.That(release.TagName, Is.EqualTo("prod/v1.4.0"));
            Assert.That(standIn.ReleaseCreations, Has.Count.EqualTo(2));
            Assert.That(clock.Delays, Is.EqualTo(new[] { TimeSpan.FromSeconds(7) }));
        });
    }

    [Test]
    public async Task A_used_up_primary_rate_limit_waits_until_the_reset()
    {
        using var client = Client();
        var reset = DateTimeOffset.UtcNow.AddSeconds(30).ToUnixTimeSeconds();
        standIn.Enqueue("GET", "/repos/acme/catalog", 403, """{"message":"API rate limit exceeded for user ID 1."}""",
            new Dictionary<string, string>
            {
                ["x-ratelimit-limit"] = "5000",
                ["x-ratelimit-remaining"] = "0",
                ["x-ratelimit-reset"] = reset.ToString(CultureInfo.InvariantCulture),
            });

        await client.GetRepositoryAsync(Repo);

        Assert.That(clock.Delays.Single().TotalSeconds, Is.InRange(28, 32));
    }

    [Test]
    public async Task A_secondary_rate_limit_without_retry_after_backs_off_for_at_least_a_minute()
    {
        using var client = Client();
        standIn.Enqueue("POST", "/repos/acme/catalog/releases", 429, """{"message":"You have exceeded a secondary rate limit."}""");
        standIn.Enqueue("POST", "/repos/acme/catalog/releases", 403, """{"message":"You have exceeded a secondary rate limit."}""");

        await client.CreateReleaseAsync(Repo, NewRelease());

        Assert.That(clock.Delays, Is.EqualTo(new[] { TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2) }));
    }

    [Test]
    public void A_rate_limit_that_resets_too_late_fails_at_once_with_the_reset_time()
    {
        using var client = Client();
        var reset = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        standIn.Enqueue("GET", "/repos/acme/catalog", 403, """{"message":"API rate limit exceeded"}""",
            new Dictionary<string, string> { ["x-ratelimit-remaining"] = "0", ["x-ratelimit-reset"] = reset.ToString(CultureInfo.InvariantCulture) });

        var error = Assert.ThrowsAsync<GitHubApiException>(() => client.GetRepositoryAsync(Repo));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("rate-limited").And.Contain("re-run later"));
            Assert.That(error.IsCallerError, Is.False);
            Assert.That(clock.Delays, Is.Empty);
        });
    }

    [Test]
    public async Task A_502_is_retried_with_backoff_then_succeeds()
    {
        using var client = Client();
        standIn.Enqueue("POST", "/repos/acme/catalog/releases", 502, "<html>Bad Gateway</html>");

        var release = await client.CreateReleaseAsync(Repo, NewRelease());

        Assert.Multiple(() =>
        {
            Assert.That(release.TagName, Is.EqualTo("prod/v1.4.0"));
            Assert.That(standIn.ReleaseCreations, Has.Count.EqualTo(2));
            Assert.That(clock.Delays, Is.EqualTo(new[] { TimeSpan.FromSeconds(2) }));
        });
    }

    [Test]
    public void Server_errors_that_persist_fail_after_the_last_retry()
    {
        using var client = Client();
        for (var i = 0; i < 5; i++)
        {
            standIn.Enqueue("POST", "/repos/acme/catalog/releases", 503, """{"message":"Service Unavailable"}""");
        }

        var error = Assert.ThrowsAsync<GitHubApiException>(() => client.CreateReleaseAsync(Repo, NewRelease()));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(503));
            Assert.That(error.Message, Does.Contain("after 5 attempt(s)"));
            Assert.That(standIn.ReleaseCreations, Has.Count.EqualTo(5));
            Assert.That(clock.Delays.Select(d => d.TotalSeconds), Is.EqualTo(new double[] { 2, 4, 8, 16 }));
        });
    }

    [Test]
    public async Task GitHub_Enterprise_is_served_below_its_api_v3_root()
    {
        await using var enterprise = await GitHubStandIn.StartAsync("/api/v3");
        using var client = new GitHubClient(new GitHubClientOptions(GitHubStandIn.Token) { ApiUrl = enterprise.ApiUrl, Retry = Retry() });

        await client.CreateReleaseAsync(Repo, NewRelease());

        Assert.That(enterprise.ReleaseCreations.Single().Path, Is.EqualTo("/api/v3/repos/acme/catalog/releases"));
    }

    [Test]
    public void An_unreachable_API_is_retried_then_reported_with_the_URL()
    {
        var closedPort = new Uri("http://127.0.0.1:9/");
        using var client = new GitHubClient(new GitHubClientOptions(GitHubStandIn.Token) { ApiUrl = closedPort, Retry = Retry() with { MaxRetries = 2 } });

        var error = Assert.ThrowsAsync<GitHubApiException>(() => client.GetRepositoryAsync(Repo));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("Could not reach GitHub at http://127.0.0.1:9/").And.Contain("after 3 attempt(s)"));
            Assert.That(clock.Delays, Has.Count.EqualTo(2));
        });
    }

    private GitHubClient Client(string token = GitHubStandIn.Token) =>
        new(new GitHubClientOptions(token) { ApiUrl = standIn.ApiUrl, Retry = Retry() });

    private GitHubRetryOptions Retry() => new() { TimeProvider = clock };

    private static NewGitHubRelease NewRelease() => new("prod/v1.4.0", "1.4.0", "notes", Prerelease: false);
}
