using Slipway.Engine.GitHubActions;
using Slipway.Engine.IO;
using Slipway.Engine.Tests.Support;
using YamlDotNet.RepresentationModel;
using YamlNode = YamlDotNet.RepresentationModel.YamlNode;

namespace Slipway.Engine.Tests.GitHubActions;

/// <summary>
/// <c>.github/dependabot.yml</c> from <see cref="GitHubDependabotAttribute"/>: what it asks Dependabot for, read back
/// as YAML; what it refuses (a Dockerfile whose images Dependabot cannot see, impossible schedules); and that it is
/// written, drift-checked and removed like the workflows.
/// </summary>
public sealed class DependabotTests
{
    private static YamlMappingNode Read(string content)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(content));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string Scalar(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            node = ((YamlMappingNode)node)[key];
        }

        return ((YamlScalarNode)node).Value!;
    }

    [Test]
    public void The_defaults_update_NuGet_and_the_actions_weekly_in_grouped_pull_requests_titled_as_the_changelog_expects()
    {
        var document = Read(DependabotGenerator.Render(new GitHubDependabotAttribute(), "Build"));
        var updates = ((YamlSequenceNode)document["updates"]).Children.Cast<YamlMappingNode>().ToList();

        Assert.Multiple(() =>
        {
            Assert.That(Scalar(document, "version"), Is.EqualTo("2"));
            Assert.That(updates.Select(u => Scalar(u, "package-ecosystem")), Is.EqualTo(new[] { "nuget", "github-actions" }));
            Assert.That(updates.Select(u => Scalar(u, "directory")), Is.All.EqualTo("/"));
            Assert.That(updates.Select(u => Scalar(u, "schedule", "interval") + " " + Scalar(u, "schedule", "day")), Is.All.EqualTo("weekly monday"));
            Assert.That(updates.Select(u => Scalar(u, "commit-message", "prefix") + "|" + Scalar(u, "commit-message", "include")), Is.EqualTo(new[] { "build|scope", "ci|scope" }));
        });
        var nugetTypes = (YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)updates[0]["groups"])["nuget"])["update-types"];
        Assert.That(nugetTypes.Children.Select(c => ((YamlScalarNode)c).Value), Is.EqualTo(new[] { "minor", "patch" }), "a major NuGet update gets a pull request of its own");
        Assert.That(((YamlMappingNode)((YamlMappingNode)updates[1]["groups"])["github-actions"]).Children.Keys.Select(k => ((YamlScalarNode)k).Value), Is.EqualTo(new[] { "patterns" }));
    }

    [Test]
    public void Several_folders_become_directories_and_a_daily_schedule_has_no_day()
    {
        var document = Read(DependabotGenerator.Render(new GitHubDependabotAttribute { NuGetDirectories = ["/", "/tools"], GitHubActions = false, Interval = "daily" }, "Build"));
        var update = (YamlMappingNode)((YamlSequenceNode)document["updates"]).Children.Single();

        Assert.That(((YamlSequenceNode)update["directories"]).Children.Select(c => ((YamlScalarNode)c).Value), Is.EqualTo(new[] { "/", "/tools" }));
        Assert.That(((YamlMappingNode)update["schedule"]).Children.Keys.Select(k => ((YamlScalarNode)k).Value), Is.EqualTo(new[] { "interval" }));
    }

    [TestCase("Interval", "hourly", "Dependabot's intervals are daily, weekly, monthly")]
    [TestCase("Day", "Monday", "use a lowercase weekday")]
    [TestCase("NuGetDirectories", "src", "'src' must start with /")]
    [TestCase("OpenPullRequestsLimit", "0", "give at least 1")]
    [TestCase("Nothing", "", "nothing to update")]
    public void An_impossible_declaration_is_refused_naming_the_fix(string property, string value, string expected)
    {
        var definition = property switch
        {
            "Interval" => new GitHubDependabotAttribute { Interval = value },
            "Day" => new GitHubDependabotAttribute { Day = value },
            "NuGetDirectories" => new GitHubDependabotAttribute { NuGetDirectories = [value] },
            "OpenPullRequestsLimit" => new GitHubDependabotAttribute { OpenPullRequestsLimit = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
            _ => new GitHubDependabotAttribute { NuGetDirectories = [], GitHubActions = false },
        };

        var exception = Assert.Throws<BuildDefinitionException>(() => DependabotGenerator.Render(definition, "Build"));
        Assert.That(exception!.Message, Does.StartWith("[GitHubDependabot] on Build: ").And.Contain(expected));
    }

    [Test]
    public void A_Dockerfile_that_names_its_images_is_updated_and_one_taking_them_from_build_arguments_is_refused()
    {
        using var harness = new BuildHarness();
        harness.WriteFile("service/Dockerfile", "FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nRUN true\nFROM mcr.microsoft.com/dotnet/aspnet:10.0\n");
        harness.WriteFile("tool/Dockerfile", "ARG BASE=debian:bookworm-slim\nFROM ${BASE} AS base\nFROM mcr.microsoft.com/dotnet/aspnet:10.0\n");
        var root = AbsolutePath.Create(harness.Root);

        var generated = DependabotGenerator.Generate(typeof(DockerServiceBuild), root).Single();
        var docker = ((YamlSequenceNode)Read(generated.Content)["updates"]).Children.Cast<YamlMappingNode>().Single(u => Scalar(u, "package-ecosystem") == "docker");
        Assert.That(Scalar(docker, "directory"), Is.EqualTo("/service"));

        var refused = Assert.Throws<BuildDefinitionException>(() => DependabotGenerator.Generate(typeof(DockerToolBuild), root));
        Assert.That(refused!.Message, Does.Contain("tool/Dockerfile takes its base images from build arguments (FROM ${BASE} AS base)").And.Contain("dependabot-core#2057"));
        var missing = Assert.Throws<BuildDefinitionException>(() => DependabotGenerator.Generate(typeof(DockerMissingBuild), root));
        Assert.That(missing!.Message, Does.Contain("'/nowhere', which has no Dockerfile"));
    }

    [Test]
    public void This_repository_s_Dockerfile_takes_its_images_from_arguments_so_the_build_leaves_it_out()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Workflows.RepositoryRoot(), "Dockerfile"));

        Assert.That(DependabotGenerator.ImagesFromArguments(dockerfile), Is.Not.Empty);
        Assert.That(Read(File.ReadAllText(Path.Combine(Workflows.RepositoryRoot(), ".github", "dependabot.yml")))["updates"].ToString(), Does.Not.Contain("docker"));
    }

    [Test]
    public void Generate_workflows_writes_it_CI_checks_it_and_a_build_that_drops_the_attribute_deletes_it()
    {
        using var harness = new BuildHarness();
        var file = Path.Combine(harness.Root, ".github", "dependabot.yml");
        Assert.That(harness.Run<DependabotDriftBuild>("--generate-workflows"), Is.EqualTo(0), harness.Output);
        Assert.That(harness.Output, Does.Contain("Wrote .github/dependabot.yml"));
        Assert.That(File.ReadAllText(file), Does.StartWith("# Generated by Slipway from the [GitHubDependabot] attribute of the build class DependabotDriftBuild."));

        harness.Environment["CI"] = "true";
        File.WriteAllText(file, File.ReadAllText(file).Replace("interval: weekly", "interval: daily", StringComparison.Ordinal));
        Assert.That(harness.Run<DependabotDriftBuild>("Test"), Is.EqualTo(ExitCodes.TargetFailed), harness.Output);
        Assert.That(harness.Output, Does.Contain("-      interval: daily\n+      interval: weekly"));

        harness.Environment.Remove("CI");
        Assert.That(harness.Run<DriftBuild>("--generate-workflows"), Is.EqualTo(0), harness.Output);
        Assert.That(harness.Output, Does.Contain("Deleted .github/dependabot.yml"));
        Assert.That(File.Exists(file), Is.False);
    }

    [GitHubDependabot(GitHubActions = false, NuGetDirectories = [], DockerDirectories = ["/service"])]
    private sealed class DockerServiceBuild : DriftBuildBase;

    [GitHubDependabot(DockerDirectories = ["/tool"])]
    private sealed class DockerToolBuild : DriftBuildBase;

    [GitHubDependabot(DockerDirectories = ["/nowhere"])]
    private sealed class DockerMissingBuild : DriftBuildBase;
}
