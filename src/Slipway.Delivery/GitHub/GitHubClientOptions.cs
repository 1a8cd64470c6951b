namespace Slipway.Delivery.GitHub;

/// <summary>Where and as whom <see cref="GitHubClient"/> talks to GitHub.</summary>
/// <param name="Token">A token with contents:write on the repository. A secret: the client registers it with the masker.</param>
internal sealed record GitHubClientOptions(string Token)
{
    public const string DefaultApiUrl = "https://api.github.com";

    /// <summary>github.com's API, or GitHub Enterprise Server's <c>https://HOST/api/v3</c>.</summary>
    public Uri ApiUrl { get; init; } = new(DefaultApiUrl);

    /// <summary>GitHub rejects requests without a User-Agent.</summary>
    public string UserAgent { get; init; } = "Slipway-Release/1.0";

    /// <summary>The REST API version the request and response shapes here were written against.</summary>
    public string ApiVersion { get; init; } = "2022-11-28";

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public GitHubRetryOptions Retry { get; init; } = GitHubRetryOptions.Default;

    // The token must never reach a log through a record's generated ToString.
    public override string ToString() => $"GitHubClientOptions {{ ApiUrl = {ApiUrl}, Token = *** }}";
}
