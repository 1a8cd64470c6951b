using Slipway.Delivery.Deploy;
using Slipway.Delivery.Tests.Remote;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Deploy.Integration;

/// <summary>
/// App variables (connection strings) stay out of a deploy's output even at <c>--verbosity verbose</c>, where every
/// query's output is logged: the deploy's own (masked) and another environment's on the same host (never inspected).
/// </summary>
[NonParallelizable]
public class DeploySecrecyTests
{
    private IReadOnlyDictionary<string, string> images = null!;
    private string root = null!;

    [OneTimeSetUp]
    public async Task BuildImagesAsync()
    {
        images = await DeployTestImages.StandInsAsync();
        root = Directory.CreateTempSubdirectory("slipway-deploy-build-").FullName;
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
    }

    [OneTimeTearDown]
    public void DeleteRoot() => Directory.Delete(root, recursive: true);

    [Test]
    public async Task No_app_variable_value_of_any_environment_on_the_host_appears_in_a_verbose_deploy_log()
    {
        var own = "Host=db;Password=own-" + Guid.NewGuid().ToString("N");
        var neighbours = "Host=db;Password=neighbour-" + Guid.NewGuid().ToString("N");
        await using var neighbour = await TestEnvironment.CreateAsync(e => e with
        {
            BakeWindow = TimeSpan.Zero,
            AppEnvironment = new Dictionary<string, string>(StringComparer.Ordinal) { ["ConnectionStrings__Catalog"] = neighbours },
        });
        await neighbour.DeployAsync(images["v1"]);
        await using var environment = await TestEnvironment.CreateAsync();

        var deploy = SampleBuildProcess.DeployStaging(root, environment.Environment, images["v1"], "--verbosity", "verbose")
            .WithEnvironment(DeployEnvironmentOverrides.Prefix(environment.Name) + DeployEnvironmentOverrides.AppEnvironmentInfix + "ConnectionStrings__Catalog", own);
        var result = await ToolRunner.RunAsync(deploy);
        var output = result.StandardOutput + result.StandardError;
        var env = await environment.DockerAsync("container", "inspect", "--format", "{{json .Config.Env}}",
            (await environment.SnapshotAsync()).Live?.Name ?? "missing");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), string.Join('\n', output.Split('\n').TakeLast(30)));
            Assert.That(env, Does.Contain(own), "the app got its variable");
            Assert.That(output, Does.Match("\"slipway.environment\":\\s*\"" + neighbour.Name + "\""),
                "the verbose log holds the inspect output, of the neighbour's container too (it claims ports on the host)");
            Assert.That(output, Does.Not.Contain(own), "the deploy's own app variable is masked");
            Assert.That(output, Does.Not.Contain(neighbours), "another environment's app variable is never read");
            Assert.That(output, Does.Not.Contain("Password="));
        });
    }

    /// <summary>
    /// Issue 21's closing check: a whole deploy as GitHub Actions runs it, given every kind of secret it can receive,
    /// and every place a value could surface is read — the build's output, the step summary, the step outputs, the
    /// host's deploy log and the command line of every process on the machine, sampled while the deploy runs.
    /// </summary>
    [Test]
    public async Task No_secret_or_app_variable_value_appears_in_the_output_summary_deploy_log_or_any_command_line()
    {
        var unique = Guid.NewGuid().ToString("N");
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["connection string"] = "Host=db;Password=conn-" + unique,
            ["signing key"] = "jwt-signing-" + unique,
            ["registry password"] = "registry-" + unique,
            ["GitHub token"] = "ghp_" + unique,
        };
        await using var environment = await TestEnvironment.CreateAsync();
        var appVariable = DeployEnvironmentOverrides.Prefix(environment.Name) + DeployEnvironmentOverrides.AppEnvironmentInfix;
        var summaryFile = Path.Combine(root, $"summary-{unique}.md");
        var outputsFile = Path.Combine(root, $"outputs-{unique}.txt");
        var deploy = SampleBuildProcess.DeployStaging(root, environment.Environment, images["v1"], "--verbosity", "verbose")
            .WithEnvironment(appVariable + "ConnectionStrings__Catalog", secrets["connection string"])
            .WithEnvironment(appVariable + "JWT_SIGNING_KEY", secrets["signing key"])
            .WithEnvironment("REGISTRY_USERNAME", "ci-user")
            .WithEnvironment("REGISTRY_PASSWORD", secrets["registry password"])
            .WithEnvironment("GITHUB_TOKEN", secrets["GitHub token"])
            .WithEnvironment("GITHUB_ACTIONS", "true")
            .WithEnvironment("GITHUB_STEP_SUMMARY", summaryFile)
            .WithEnvironment("GITHUB_OUTPUT", outputsFile);

        var running = ToolRunner.RunAsync(deploy);
        var (leakedCommandLines, sampled) = await ProcessTable.WatchAsync(running, secrets);
        var result = await running;
        // GitHub's runner consumes ::add-mask::<value> lines and shows none of them: announcing a secret is how it gets masked.
        var output = string.Join('\n', (result.StandardOutput + result.StandardError).Split('\n').Where(l => !l.StartsWith("::add-mask::", StringComparison.Ordinal)));
        var places = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["build output"] = output,
            ["step summary"] = File.Exists(summaryFile) ? await File.ReadAllTextAsync(summaryFile) : "",
            ["step outputs"] = File.Exists(outputsFile) ? await File.ReadAllTextAsync(outputsFile) : "",
            ["deploy log"] = await environment.DockerAsync("exec", DeployNames.Edge(environment.Name), "cat", HostStateCommands.StateDirectory + "/" + DeployLogFormat.FileName),
        };
        var appEnv = await environment.DockerAsync("container", "inspect", "--format", "{{json .Config.Env}}", (await environment.SnapshotAsync()).Live?.Name ?? "missing");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), string.Join('\n', output.Split('\n').TakeLast(30)));
            Assert.That(appEnv, Does.Contain(secrets["connection string"]).And.Contain(secrets["signing key"]), "the app got its variables");
            Assert.That(places["step summary"], Does.Contain(environment.Name), "the summary was written");
            Assert.That(places["deploy log"], Does.Contain(environment.Name), "the deploy log was written");
            Assert.That(sampled, Is.GreaterThan(10), "command lines were sampled throughout the deploy");
            foreach (var (place, text) in places)
            {
                foreach (var (kind, value) in secrets)
                {
                    Assert.That(text, Does.Not.Contain(value), $"the {kind} appears in the {place}");
                }
            }

            Assert.That(leakedCommandLines, Is.Empty, "a secret was on a process's command line");
        });
    }
}
