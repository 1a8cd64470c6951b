using System.Text.Json.Nodes;
using Slipway.Delivery.BasePins;
using Slipway.Delivery.Image;
using Slipway.Delivery.Tests.GitHub;
using Slipway.Engine;

namespace Slipway.Delivery.Tests.BasePins;

/// <summary>
/// RefreshBasePins end to end: the real registry at 127.0.0.1:5000 (a tag moved from one image to another), a real git
/// repository with a bare origin, and GitHub's API from the stand-in (the only stand-in: GitHub is unreachable here).
/// </summary>
[NonParallelizable]
public sealed class RefreshBasePinsTests
{
    private ImageName name = null!;
    private string firstDigest = null!;
    private string movedDigest = null!;
    private string steadyDigest = null!;

    [SetUp]
    public async Task PushAnImageThenMoveItsTag()
    {
        await TinyImages.RequireRegistryAsync();
        name = TinyImages.NewRepository();
        firstDigest = (await TinyImages.PushImageAsync(name, "1.0", nonce: "first")).Digest;
        // The same tag now names a different image: a multi-platform index, whose digest (not a platform's) is the pin.
        movedDigest = await TinyImages.PushIndexAsync(name, "1.0", nonce: "second");
        steadyDigest = (await TinyImages.PushImageAsync(name, "steady", nonce: "steady")).Digest;
    }

    private string Dockerfile(string runtimeDigest) =>
        "# Base images by digest.\n" +
        $"ARG RUNTIME_IMAGE={name}:1.0@{runtimeDigest}\n" +
        $"ARG TOOLS_IMAGE={name}:steady@{steadyDigest}\n" +
        "ARG VERSION=0.0.0-local\n" +
        "FROM ${RUNTIME_IMAGE}\n";

    [Test]
    public void A_pin_whose_tag_moved_is_rewritten_to_the_tags_index_digest_and_nothing_else_changes()
    {
        Assert.That(movedDigest, Is.Not.EqualTo(firstDigest));
        using var repository = new PinsRepository(Dockerfile(firstDigest));

        var exitCode = repository.Run(null, "RefreshBasePins");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, repository.Output);
            Assert.That(File.ReadAllText(repository.Dockerfile), Is.EqualTo(Dockerfile(movedDigest)));
            Assert.That(repository.Output, Does.Contain($"RUNTIME_IMAGE  {name}:1.0     {firstDigest} -> {movedDigest}"));
            Assert.That(repository.Output, Does.Contain($"{steadyDigest} (unchanged)"));
        });
    }

    [Test]
    public void A_dry_run_prints_the_change_and_writes_nothing()
    {
        using var repository = new PinsRepository(Dockerfile(firstDigest));
        var before = File.ReadAllBytes(repository.Dockerfile);

        var exitCode = repository.Run(null, "RefreshBasePins", "--dry-run");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, repository.Output);
            Assert.That(File.ReadAllBytes(repository.Dockerfile), Is.EqualTo(before));
            Assert.That(repository.Output, Does.Contain($"{firstDigest} -> {movedDigest}").And.Contain("Dry run: 1 pin(s) would change"));
        });
    }

    [Test]
    public async Task Current_pins_change_nothing_and_open_no_pull_request()
    {
        await using var gitHub = await GitHubStandIn.StartAsync();
        using var repository = new PinsRepository(Dockerfile(movedDigest));
        var before = File.ReadAllBytes(repository.Dockerfile);

        var exitCode = repository.Run(GitHubEnvironment(), PullRequestArguments(gitHub));

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, repository.Output);
            Assert.That(File.ReadAllBytes(repository.Dockerfile), Is.EqualTo(before));
            Assert.That(repository.Output, Does.Contain("no pull request is opened"));
            Assert.That(gitHub.PullRequestCreations, Is.Empty);
            Assert.That(repository.OriginHasBranch(Branch), Is.False);
        });
    }

    [Test]
    public async Task With_a_pull_request_the_branch_is_pushed_and_the_pull_request_opened_into_main()
    {
        await using var gitHub = await GitHubStandIn.StartAsync();
        using var repository = new PinsRepository(Dockerfile(firstDigest));
        File.WriteAllText(repository.Root / "notes.txt", "work in progress\n");
        PinsRepository.Git(repository.Root, "add", "notes.txt");

        var exitCode = repository.Run(GitHubEnvironment(), PullRequestArguments(gitHub));

        Assert.That(exitCode, Is.Zero, repository.Output);
        var creation = gitHub.PullRequestCreations.Single();
        var request = JsonNode.Parse(creation.Body)!;
        Assert.Multiple(() =>
        {
            Assert.That(creation.Path, Is.EqualTo($"/repos/{GitHubStandIn.Owner}/{GitHubStandIn.Repository}/pulls"));
            Assert.That(creation.Header("Authorization"), Is.EqualTo("Bearer " + GitHubStandIn.Token));
            Assert.That(request["head"]!.GetValue<string>(), Is.EqualTo(Branch));
            Assert.That(request["base"]!.GetValue<string>(), Is.EqualTo("main"));
            Assert.That(request["title"]!.GetValue<string>(), Is.EqualTo("build(deps): refresh the Dockerfile's base image pins"));
            Assert.That(request["body"]!.GetValue<string>(), Does.Contain($"| `RUNTIME_IMAGE` | `{name}:1.0` | `{firstDigest}` | `{movedDigest}` |").And.Not.Contain("TOOLS_IMAGE"));
            Assert.That(repository.OriginHasBranch(Branch), Is.True);
            Assert.That(PinsRepository.Git(repository.Origin, "show", $"{Branch}:Dockerfile"), Is.EqualTo(Dockerfile(movedDigest)));
            Assert.That(PinsRepository.Git(repository.Origin, "log", "-1", "--format=%s%n%an", Branch), Is.EqualTo("build(deps): refresh the Dockerfile's base image pins\nPin Tester\n"));
            Assert.That(PinsRepository.Git(repository.Origin, "show", "main:Dockerfile"), Is.EqualTo(Dockerfile(firstDigest)), "main itself is untouched");
            Assert.That(PinsRepository.Git(repository.Origin, "ls-tree", "--name-only", Branch), Is.EqualTo(".gitignore\nDockerfile\n"), "a staged file of someone's is not committed");
            Assert.That(PinsRepository.Git(repository.Root, "diff", "--cached", "--name-only"), Is.EqualTo("notes.txt\n"), "and stays staged");
            Assert.That(repository.Output, Does.Contain("Opened pull request #1").And.Not.Contain(GitHubStandIn.Token));
        });
    }

    [Test]
    public async Task An_open_pull_request_from_the_same_branch_is_updated_not_duplicated()
    {
        await using var gitHub = await GitHubStandIn.StartAsync();
        gitHub.AddPullRequest(Branch, "main", "build(deps): refresh the Dockerfile's base image pins");
        using var repository = new PinsRepository(Dockerfile(firstDigest));

        var exitCode = repository.Run(GitHubEnvironment(), PullRequestArguments(gitHub));

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, repository.Output);
            Assert.That(gitHub.PullRequestCreations, Is.Empty);
            Assert.That(gitHub.Requests.Any(r => r.Method == "GET" && r.Path.EndsWith("/pulls", StringComparison.Ordinal)), Is.True);
            Assert.That(PinsRepository.Git(repository.Origin, "show", $"{Branch}:Dockerfile"), Is.EqualTo(Dockerfile(movedDigest)));
            Assert.That(repository.Output, Does.Contain("already has an open pull request, #1"));
        });
    }

    [Test]
    public async Task Without_a_token_a_pull_request_is_refused_before_anything_is_written()
    {
        await using var gitHub = await GitHubStandIn.StartAsync();
        using var repository = new PinsRepository(Dockerfile(firstDigest));
        var before = File.ReadAllBytes(repository.Dockerfile);

        var exitCode = repository.Run(null, PullRequestArguments(gitHub));

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.BadInvocation), repository.Output);
            Assert.That(repository.Output, Does.Contain("No GitHub token: set GITHUB_TOKEN"));
            Assert.That(File.ReadAllBytes(repository.Dockerfile), Is.EqualTo(before));
            Assert.That(gitHub.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task A_token_GitHub_rejects_is_refused_before_anything_is_written()
    {
        await using var gitHub = await GitHubStandIn.StartAsync();
        using var repository = new PinsRepository(Dockerfile(firstDigest));
        var before = File.ReadAllBytes(repository.Dockerfile);

        var exitCode = repository.Run(new Dictionary<string, string> { ["GITHUB_TOKEN"] = "ghp_NotTheStandInsToken000000000000" }, PullRequestArguments(gitHub));

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.BadInvocation), repository.Output);
            Assert.That(repository.Output, Does.Contain("GitHub rejected the token").And.Contain("Nothing was changed"));
            Assert.That(File.ReadAllBytes(repository.Dockerfile), Is.EqualTo(before));
            Assert.That(repository.OriginHasBranch(Branch), Is.False);
        });
    }

    [Test]
    public void No_Dockerfile_is_bad_input_that_names_the_fix()
    {
        using var repository = new PinsRepository(Dockerfile(firstDigest));
        File.Delete(repository.Dockerfile);

        var exitCode = repository.Run(null, "RefreshBasePins");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.BadInvocation), repository.Output);
            Assert.That(repository.Output, Does.Contain("No Dockerfile at").And.Contain("IDockerBuild.Dockerfile"));
        });
    }

    [Test]
    public void A_tag_the_registry_lacks_is_bad_input_naming_the_line()
    {
        using var repository = new PinsRepository(Dockerfile(firstDigest).Replace($"{name}:steady@", $"{name}:gone@", StringComparison.Ordinal));
        var before = File.ReadAllBytes(repository.Dockerfile);

        var exitCode = repository.Run(null, "RefreshBasePins");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.BadInvocation), repository.Output);
            Assert.That(repository.Output, Does.Contain($"Dockerfile line 3 (ARG TOOLS_IMAGE, {name}:gone)").And.Contain("has no tag 'gone'").And.Contain("Fix the tag"));
            Assert.That(File.ReadAllBytes(repository.Dockerfile), Is.EqualTo(before), "the pin that did move is not written either");
        });
    }

    [Test]
    public void An_unreachable_registry_fails_naming_it_before_anything_is_written()
    {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        using var repository = new PinsRepository(Dockerfile(firstDigest) + $"ARG EXTRA_IMAGE=127.0.0.1:1/base:1@{steadyDigest}\n");
        var before = File.ReadAllBytes(repository.Dockerfile);

        var exitCode = repository.Run(null, "RefreshBasePins");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.TargetFailed), repository.Output);
            Assert.That(repository.Output, Does.Contain("the registry http://127.0.0.1:1/ is unreachable").And.Contain("nothing was changed"));
            Assert.That(File.ReadAllBytes(repository.Dockerfile), Is.EqualTo(before));
        });
    }

    [Test]
    public void An_unknown_registry_host_fails_naming_it_before_anything_is_written()
    {
        using var repository = new PinsRepository(Dockerfile(firstDigest) + $"ARG EXTRA_IMAGE=registry.invalid/base:1@{steadyDigest}\n");
        var before = File.ReadAllBytes(repository.Dockerfile);

        var exitCode = repository.Run(null, "RefreshBasePins");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Not.Zero, repository.Output);
            Assert.That(repository.Output, Does.Contain("ARG EXTRA_IMAGE, registry.invalid/base:1").And.Contain("registry.invalid"));
            Assert.That(File.ReadAllBytes(repository.Dockerfile), Is.EqualTo(before));
        });
    }

    private static string Branch => BasePinPullRequest.BranchName(DateTimeOffset.UtcNow);

    private static Dictionary<string, string> GitHubEnvironment() => new() { ["GITHUB_TOKEN"] = GitHubStandIn.Token };

    private static string[] PullRequestArguments(GitHubStandIn gitHub) =>
    [
        "RefreshBasePins", "--open-pull-request", "--github-repository", $"{GitHubStandIn.Owner}/{GitHubStandIn.Repository}",
        "--github-api-url", gitHub.ApiUrl.AbsoluteUri,
    ];
}
