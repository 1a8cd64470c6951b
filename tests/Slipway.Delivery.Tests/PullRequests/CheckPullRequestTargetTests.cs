using Slipway.Delivery.Tests.Deploy.Integration;
using Slipway.Delivery.Tests.Git;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.PullRequests;

/// <summary>The CheckPullRequest target in a build process against a real repository, as a laptop and the pull-request workflow run it.</summary>
public class CheckPullRequestTargetTests
{
    private TempGitRepository repository = null!;
    private string baseCommit = null!;

    [SetUp]
    public void CreateRepository()
    {
        repository = TempGitRepository.Create();
        File.WriteAllText(Path.Combine(repository.Path, ".gitignore"), ".nuke/\nartifacts/\n");
        baseCommit = repository.Commit("chore: start");
        repository.Git("checkout", "--quiet", "-b", "feature/search");
        repository.Commit("feat(catalog): search items by name");
    }

    [TearDown]
    public void DeleteRepository() => repository.Dispose();

    [Test]
    public async Task In_GitHub_Actions_the_title_and_base_come_from_the_event_and_the_size_label_is_an_output()
    {
        var eventFile = Path.Combine(repository.Path, ".nuke", "event.json");
        Directory.CreateDirectory(Path.GetDirectoryName(eventFile)!);
        await File.WriteAllTextAsync(eventFile, System.Text.Json.JsonSerializer.Serialize(new { pull_request = new { number = 7, title = "feat(catalog): search items by name", @base = new { sha = baseCommit } } }));
        var outputs = Path.Combine(repository.Path, ".nuke", "outputs");

        var result = await ToolRunner.RunAsync(SampleBuildProcess.Build(repository.Path, "CheckPullRequest")
            .WithEnvironment("GITHUB_EVENT_PATH", eventFile)
            .WithEnvironment("GITHUB_OUTPUT", outputs));

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.StandardOutput + result.StandardError);
            Assert.That(result.StandardOutput, Does.Contain($"Pull request: size/XS (1 lines changed, 1 commits since {baseCommit})"));
            Assert.That(File.ReadAllText(outputs), Does.Contain("size-label=size/XS"));
        });
    }

    [Test]
    public async Task On_a_laptop_a_bad_title_and_commit_fail_the_target_naming_both()
    {
        repository.Commit("wip");

        var result = await ToolRunner.RunAsync(SampleBuildProcess.Build(repository.Path, "CheckPullRequest", "--pull-request-base", "main", "--pull-request-title", "Search"));

        var output = result.StandardOutput + result.StandardError;
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.TargetFailed), output);
            Assert.That(output, Does.Contain("The title \"Search\" is not a Conventional Commit"));
            Assert.That(output, Does.Contain("\"wip\" is not a Conventional Commit"));
            Assert.That(output, Does.Not.Contain("\"feat(catalog): search items by name\" is not"));
        });
    }
}
