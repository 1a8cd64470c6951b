using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Slipway.Delivery.Tests.GitHub;

/// <summary>
/// GitHub's REST API as far as releases and the base-pin refresh need it, served by Kestrel on 127.0.0.1 with GitHub-shaped
/// JSON: a repository, releases by tag, release creation with 422 already_exists, open pull requests by head and their
/// creation (422 when one from that head is open already, as GitHub answers), 401 for a wrong token, 411 for a request body sent without
/// Content-Length (chunked). Tests queue canned answers (403 with retry-after, 502, ...) in front of the default behaviour. The only stand-in the tests use: GitHub is unreachable here.
/// </summary>
internal sealed class GitHubStandIn : IAsyncDisposable
{
    public const string Token = "ghp_StandInToken0123456789abcdef";
    public const string Owner = "acme";
    public const string Repository = "catalog";

    private readonly WebApplication app;
    private readonly string pathBase;
    private readonly Lock gate = new();
    private readonly List<RecordedRequest> requests = [];
    private readonly List<(string Method, string Path, int Status, string Body, IReadOnlyDictionary<string, string> Headers)> canned = [];
    private readonly Dictionary<string, JsonObject> releases = new(StringComparer.Ordinal);
    private readonly List<JsonObject> pullRequests = [];
    private int nextReleaseId = 1000;

    private GitHubStandIn(WebApplication app, string pathBase)
    {
        this.app = app;
        this.pathBase = pathBase;
    }

    /// <summary>The API root to configure the client with (…/api/v3 when started for GitHub Enterprise).</summary>
    public Uri ApiUrl { get; private set; } = null!;

    /// <summary>Whether the token may push (answered in the repository's permissions).</summary>
    public bool CanPush { get; set; } = true;

    /// <summary>The release GitHub would answer <c>GET /releases/latest</c> with, as <c>make_latest</c> decided.</summary>
    public string? LatestTag { get; private set; }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (gate)
            {
                return [.. requests];
            }
        }
    }

    public IReadOnlyList<RecordedRequest> ReleaseCreations => [.. Requests.Where(r => r.Method == "POST" && r.Path.EndsWith("/releases", StringComparison.Ordinal))];

    public static async Task<GitHubStandIn> StartAsync(string pathBase = "")
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var standIn = new GitHubStandIn(app, pathBase);
        app.Run(standIn.HandleAsync);
        await app.StartAsync();
        standIn.ApiUrl = new Uri(app.Urls.First() + pathBase);
        return standIn;
    }

    /// <summary>Answers the next <paramref name="method"/> request to <paramref name="path"/> (below the API root) this way, once.</summary>
    public void Enqueue(string method, string path, int status, string body, IReadOnlyDictionary<string, string>? headers = null)
    {
        lock (gate)
        {
            canned.Add((method, path, status, body, headers ?? new Dictionary<string, string>()));
        }
    }

    public IReadOnlyList<RecordedRequest> PullRequestCreations => [.. Requests.Where(r => r.Method == "POST" && r.Path.EndsWith("/pulls", StringComparison.Ordinal))];

    /// <summary>Adds an open pull request as if an earlier run had opened it.</summary>
    public JsonObject AddPullRequest(string head, string baseBranch, string title) => StorePullRequest(head, baseBranch, title, "opened elsewhere");

    /// <summary>Adds a release as if someone had created it on GitHub.</summary>
    public void AddRelease(string tag) => Store(tag, tag, "created elsewhere", prerelease: false);

    public bool HasRelease(string tag)
    {
        lock (gate)
        {
            return releases.ContainsKey(tag);
        }
    }

    public JsonObject Release(string tag)
    {
        lock (gate)
        {
            return releases[tag];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);

    private async Task HandleAsync(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var path = raw.Split('?')[0];
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var method = context.Request.Method;
        lock (gate)
        {
            requests.Add(new RecordedRequest(method, path, headers, body));
        }

        // Strict where servers in front of GitHub may be (security review, finding 13): a body must come with its length,
        // so a client that falls back to chunked transfer encoding fails here instead of in production.
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsDelete(method) && context.Request.ContentLength is null)
        {
            await Answer(context, 411, Json(new { message = "Length Required", documentation_url = "https://docs.github.com/rest" }));
            return;
        }

        if (!path.StartsWith(pathBase + "/", StringComparison.Ordinal))
        {
            await Answer(context, 404, Json(new { message = "Not Found" }));
            return;
        }

        var local = path[pathBase.Length..];
        (string Method, string Path, int Status, string Body, IReadOnlyDictionary<string, string> Headers)? cannedAnswer = null;
        lock (gate)
        {
            var index = canned.FindIndex(c => c.Method == method && c.Path == local);
            if (index >= 0)
            {
                cannedAnswer = canned[index];
                canned.RemoveAt(index);
            }
        }

        if (cannedAnswer is { } answer)
        {
            foreach (var (name, value) in answer.Headers)
            {
                context.Response.Headers[name] = value;
            }

            await Answer(context, answer.Status, answer.Body);
            return;
        }

        if (headers.GetValueOrDefault("Authorization") != "Bearer " + Token)
        {
            await Answer(context, 401, Json(new { message = "Bad credentials", documentation_url = "https://docs.github.com/rest" }));
            return;
        }

        var repositoryPath = $"/repos/{Owner}/{Repository}";
        if (method == "GET" && local == repositoryPath)
        {
            await Answer(context, 200, Json(new
            {
                id = 1,
                full_name = $"{Owner}/{Repository}",
                html_url = $"https://github.example/{Owner}/{Repository}",
                permissions = new { admin = false, push = CanPush, pull = true },
            }));
            return;
        }

        if (method == "GET" && local.StartsWith(repositoryPath + "/releases/tags/", StringComparison.Ordinal))
        {
            var tag = Uri.UnescapeDataString(local[(repositoryPath + "/releases/tags/").Length..]);
            JsonObject? release;
            lock (gate)
            {
                release = releases.GetValueOrDefault(tag);
            }

            await Answer(context, release is null ? 404 : 200, release?.ToJsonString() ?? Json(new { message = "Not Found" }));
            return;
        }

        if (method == "POST" && local == repositoryPath + "/releases")
        {
            var request = JsonNode.Parse(body)!.AsObject();
            var tag = request["tag_name"]!.GetValue<string>();
            if (HasRelease(tag))
            {
                await Answer(context, 422, Json(new
                {
                    message = "Validation Failed",
                    errors = new[] { new { resource = "Release", code = "already_exists", field = "tag_name" } },
                    documentation_url = "https://docs.github.com/rest/releases/releases#create-a-release",
                }));
                return;
            }

            var prerelease = request["prerelease"]!.GetValue<bool>();
            var created = Store(tag, request["name"]!.GetValue<string>(), request["body"]!.GetValue<string>(), prerelease);
            // GitHub's make_latest: "true" (the default for a release that is neither draft nor pre-release), "false", "legacy".
            if (!prerelease && request["make_latest"]?.GetValue<string>() != "false")
            {
                LatestTag = tag;
            }

            await Answer(context, 201, created.ToJsonString());
            return;
        }

        if (local == repositoryPath + "/pulls")
        {
            await HandlePullsAsync(context, method, raw, body);
            return;
        }

        await Answer(context, 404, Json(new { message = "Not Found", documentation_url = "https://docs.github.com/rest" }));
    }

    /// <summary>GET with <c>state=open&amp;head=owner:branch</c> lists the open ones from that head; POST opens one.</summary>
    private async Task HandlePullsAsync(HttpContext context, string method, string raw, string body)
    {
        if (method == "GET")
        {
            var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(raw.Contains('?', StringComparison.Ordinal) ? raw[raw.IndexOf('?', StringComparison.Ordinal)..] : string.Empty);
            var head = query.TryGetValue("head", out var h) ? h.ToString() : null;
            var state = query.TryGetValue("state", out var st) ? st.ToString() : "open";
            JsonArray list;
            lock (gate)
            {
                list = [.. pullRequests
                    .Where(pr => state == "all" || pr["state"]!.GetValue<string>() == state)
                    .Where(pr => head is null || $"{Owner}:{pr["head"]!["ref"]!.GetValue<string>()}" == head)
                    .Select(pr => pr.DeepClone())];
            }

            await Answer(context, 200, list.ToJsonString());
            return;
        }

        if (method == "POST")
        {
            var request = JsonNode.Parse(body)!.AsObject();
            var head = request["head"]!.GetValue<string>();
            bool open;
            lock (gate)
            {
                open = pullRequests.Any(pr => pr["head"]!["ref"]!.GetValue<string>() == head && pr["state"]!.GetValue<string>() == "open");
            }

            if (open)
            {
                await Answer(context, 422, Json(new
                {
                    message = "Validation Failed",
                    errors = new[] { new { resource = "PullRequest", code = "custom", message = $"A pull request already exists for {Owner}:{head}." } },
                    documentation_url = "https://docs.github.com/rest/pulls/pulls#create-a-pull-request",
                }));
                return;
            }

            var created = StorePullRequest(head, request["base"]!.GetValue<string>(), request["title"]!.GetValue<string>(), request["body"]?.GetValue<string>() ?? string.Empty);
            await Answer(context, 201, created.ToJsonString());
            return;
        }

        await Answer(context, 404, Json(new { message = "Not Found" }));
    }

    private JsonObject StorePullRequest(string head, string baseBranch, string title, string body)
    {
        lock (gate)
        {
            var number = pullRequests.Count + 1;
            var pullRequest = new JsonObject
            {
                ["number"] = number,
                ["state"] = "open",
                ["title"] = title,
                ["body"] = body,
                ["html_url"] = $"https://github.example/{Owner}/{Repository}/pull/{number}",
                ["head"] = new JsonObject { ["ref"] = head, ["sha"] = null },
                ["base"] = new JsonObject { ["ref"] = baseBranch, ["sha"] = null },
            };
            pullRequests.Add(pullRequest);
            return (JsonObject)pullRequest.DeepClone();
        }
    }

    private JsonObject Store(string tag, string name, string body, bool prerelease)
    {
        lock (gate)
        {
            var id = nextReleaseId++;
            var release = new JsonObject
            {
                ["id"] = id,
                ["tag_name"] = tag,
                ["name"] = name,
                ["body"] = body,
                ["prerelease"] = prerelease,
                ["draft"] = false,
                ["html_url"] = $"https://github.example/{Owner}/{Repository}/releases/tag/{tag}",
                ["created_at"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            };
            releases[tag] = release;
            return release;
        }
    }

    private static async Task Answer(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body);
    }
}
