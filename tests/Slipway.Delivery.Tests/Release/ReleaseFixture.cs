using Slipway.Delivery.GitHub;
using Slipway.Delivery.Release;
using Slipway.Delivery.Tests.Git;
using Slipway.Delivery.Tests.GitHub;

namespace Slipway.Delivery.Tests.Release;

/// <summary>
/// A released project to release again: a bare repository as origin, a clone with commits since prod/v1.3.0 on main,
/// and the GitHub stand-in. Everything real except GitHub.
/// </summary>
internal sealed class ReleaseFixture : IAsyncDisposable
{
    /// <summary>
    /// The release clock's day is the real one: a resumed release dates its notes from the release commit, which git
    /// stamps with the real clock, so a fixed day would disagree with it on any other day.
    /// </summary>
    public static readonly DateTimeOffset Today = new(DateTime.UtcNow.Date.AddHours(10), TimeSpan.Zero);

    /// <summary><see cref="Today"/> as changelog headings write it.</summary>
    public static string TodayText => Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private ReleaseFixture(TempGitRepository origin, TempGitRepository work, GitHubStandIn gitHub)
    {
        Origin = origin;
        Work = work;
        GitHub = gitHub;
    }

    public TempGitRepository Origin { get; }

    public TempGitRepository Work { get; }

    public GitHubStandIn GitHub { get; }

    public RecordingTimeProvider RetryClock { get; } = new();

    public static async Task<ReleaseFixture> CreateAsync()
    {
        var origin = TempGitRepository.CreateBare();
        var work = TempGitRepository.Create();
        File.WriteAllText(Path.Combine(work.Path, ".gitignore"), "artifacts/\n");
        File.WriteAllText(Path.Combine(work.Path, "CHANGELOG.md"), "# Changelog\n\n## 1.3.0 (2026-01-01)\n\n- first\n");
        work.Commit("feat: first");
        work.Tag("prod/v1.3.0");
        work.Commit("feat(catalog): search by name");
        work.Commit("fix: null price no longer crashes");
        work.Commit("perf: cache lookups");
        work.Commit("docs: explain releases");
        work.Commit("feat(api)!: drop the v1 endpoints");
        work.Git("remote", "add", "origin", origin.Path);
        work.Git("push", "--quiet", "-u", "origin", "main");
        work.Git("push", "--quiet", "origin", "--tags");
        return new ReleaseFixture(origin, work, await GitHubStandIn.StartAsync());
    }

    public ReleaseRequest Request(string? version) => new(Work.Path, version)
    {
        GitHubToken = GitHubStandIn.Token,
        GitHubRepository = $"{GitHubStandIn.Owner}/{GitHubStandIn.Repository}",
        GitHubApiUrl = GitHub.ApiUrl.ToString(),
        GitHubRetry = new GitHubRetryOptions { TimeProvider = RetryClock },
        Clock = new FixedClock(Today),
        EnvironmentVariable = _ => null,
    };

    /// <summary>Everything a release could change, locally and on origin.</summary>
    public string Snapshot() => string.Join(
        "\n",
        "HEAD " + Work.Head,
        "local " + Work.Git("for-each-ref", "--format=%(refname) %(objectname)"),
        "status " + Work.Git("status", "--porcelain", "--untracked-files=all"),
        "origin " + Origin.Git("for-each-ref", "--format=%(refname) %(objectname)"),
        "releases " + GitHub.ReleaseCreations.Count);

    public string OriginLog(string reference = "main") => Origin.Git("log", "--format=%s", reference);

    public async ValueTask DisposeAsync()
    {
        await GitHub.DisposeAsync();
        Work.Dispose();
        Origin.Dispose();
    }
}
