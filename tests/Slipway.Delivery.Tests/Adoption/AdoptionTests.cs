using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Slipway.Delivery.Deploy;
using Slipway.Delivery.Tests.Git;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Adoption;

/// <summary>
/// Slipway adopted by another repository, as its users do it (issue 19, docs/adopt.md): a new git repository with a
/// small service of its own, the template and packages from artifacts/packages as a local folder feed, then the
/// adopted build's own <c>./build.sh</c> — help, workflows, Lint, Test, DockerBuild, Push to the local registry and
/// DeployStaging on the real engine. Nothing here works around the library: whatever this test needed became a fix there.
/// </summary>
[NonParallelizable]
public sealed class AdoptionTests
{
    private const string Registry = "127.0.0.1:5000";

    private readonly List<(string Phase, TimeSpan Duration)> phases = [];

    [Test]
    public void A_new_repository_adopts_Slipway_with_the_template_and_ships_its_service_to_staging()
    {
        var total = Stopwatch.StartNew();
        var packages = Phase("pack (./build.sh Pack of this repository)", SlipwayPackages.Get);
        using var repository = TempGitRepository.Create();
        var outside = Directory.CreateTempSubdirectory("slipway-adoption-").FullName;
        var id = Guid.NewGuid().ToString("N")[..8];
        var staging = $"a{id}-staging";
        var imageRepository = $"slipway-adoption/orders-{id}";
        var adopted = new AdoptedRepository(repository.Path, new Dictionary<string, string?>
        {
            // Its own package folder, so this run's packages are the ones restored (a version packed from a changed tree keeps its number).
            ["NUGET_PACKAGES"] = Path.Combine(outside, "nuget-packages"),
            ["GITHUB_ACTIONS"] = null,
            ["GITHUB_REF"] = null,
            ["GITHUB_HEAD_REF"] = null,
            ["GITHUB_REPOSITORY"] = null,
            ["GITHUB_STEP_SUMMARY"] = null,
        });
        try
        {
            Phase("service: dotnet new web, xunit, sln", () => CreateService(repository, adopted, packages.Folder));
            Phase("template: dotnet new install, dotnet new slipway", () =>
            {
                var hive = Path.Combine(outside, "template-hive");
                adopted.Dotnet("new", "install", Path.Combine(packages.Folder, $"Slipway.Templates.{packages.Version}.nupkg"), "--debug:custom-hive", hive);
                adopted.Dotnet("new", "slipway", "--debug:custom-hive", hive,
                    "--image", imageRepository, "--dockerfile", AdoptedService.DockerfilePath, "--environment-prefix", $"a{id}-");
                Assert.That(File.ReadAllText(Path.Combine(repository.Path, "build", "_build.csproj")),
                    Does.Contain($"""<PackageReference Include="Slipway.Delivery" Version="{packages.Version}" />"""));
                repository.Git("add", "--all");
                repository.Git("commit", "--quiet", "-m", "build: adopt Slipway");
            });

            Phase("./build.sh --help (restores Slipway.Delivery, compiles the build)", () =>
                Assert.That(adopted.BuildSh("--help").StandardOutput, Does.Contain("DeployStaging").And.Contain("Rollback").And.Contain("--image-repository")));

            Phase("./build.sh --generate-workflows, both validators", () =>
            {
                Assert.That(adopted.BuildSh("--generate-workflows").StandardOutput, Does.Contain("ci.yml"));
                var workflows = Path.Combine(repository.Path, ".github", "workflows");
                Assert.That(Directory.GetFiles(workflows, "*.yml").Select(Path.GetFileName).Order(StringComparer.Ordinal),
                    Is.EqualTo(new[] { "ci.yml", "delivery.yml", "rollback.yml" }));
                WorkflowValidators.AssertValid(workflows);
                repository.Git("add", "--all");
                repository.Git("commit", "--quiet", "-m", "ci: generated workflows");
            });

            var publicPort = FreePort();
            var appPorts = FreePortRange(8);
            var prefix = DeployEnvironmentOverrides.Prefix(staging);
            var run = Phase("./build.sh Lint Test DockerBuild Push DeployStaging", () => adopted.BuildSh(
                new Dictionary<string, string?>
                {
                    [prefix + "PUBLIC_ENDPOINT"] = $"127.0.0.1:{publicPort.ToString(CultureInfo.InvariantCulture)}",
                    [prefix + "APP_PORTS"] = appPorts,
                    [prefix + "BAKE_SECONDS"] = "3",
                },
                "Lint", "Test", "DockerBuild", "Push", "DeployStaging", "--registry", Registry));
            Assert.That(run.StandardOutput, Does.Contain("Lint: 0 finding(s)").And.Contain("Tests: 3 passed, 0 failed").And.Contain("Coverage: Orders.Api"));
            Assert.That(Path.Combine(repository.Path, "artifacts", "coverage", "index.html"), Does.Exist, "the HTML coverage report, with ReportGenerator pinned nowhere");
            Assert.That(run.StandardOutput, Does.Contain($"Pushed: {Registry}/{imageRepository}@sha256:"));
            Assert.That(run.StandardOutput, Does.Contain($"Deployed {staging}: "));

            Phase("staging serves the service", () =>
            {
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{publicPort.ToString(CultureInfo.InvariantCulture)}/"), Timeout = TimeSpan.FromSeconds(10) };
                Assert.That(http.GetStringAsync(new Uri("/", UriKind.Relative)).GetAwaiter().GetResult(), Is.EqualTo("Orders"));
                Assert.That(http.GetStringAsync(new Uri("/status", UriKind.Relative)).GetAwaiter().GetResult(), Does.Contain("\"version\":\"0.1.0-"));
            });
        }
        finally
        {
            Phase("clean up containers, volumes, images", () => RemoveDeployment(staging, $"{Registry}/{imageRepository}"));
            TryDelete(outside);
            TestContext.Progress.WriteLine($"Adoption took {total.Elapsed.TotalSeconds:0} s: " +
                string.Join(", ", phases.Select(p => $"{p.Phase} {p.Duration.TotalSeconds:0.0} s")));
        }
    }

    private static void CreateService(TempGitRepository repository, AdoptedRepository adopted, string packagesFolder)
    {
        adopted.Dotnet("new", "web", "--name", AdoptedService.Name, "--output", "src/Orders.Api");
        adopted.Dotnet("new", "xunit", "--name", AdoptedService.Name + ".Tests", "--output", "tests/Orders.Api.Tests");
        adopted.Dotnet("new", "sln", "--name", "Orders");
        adopted.Dotnet("sln", "add", "src/Orders.Api", "tests/Orders.Api.Tests");
        adopted.Dotnet("new", "gitignore");

        var root = repository.Path;
        File.WriteAllText(Path.Combine(root, "src", "Orders.Api", "Program.cs"), AdoptedService.Program);
        File.WriteAllText(Path.Combine(root, AdoptedService.DockerfilePath), AdoptedService.Dockerfile);
        File.WriteAllText(Path.Combine(root, ".dockerignore"), AdoptedService.DockerIgnore);
        File.Delete(Path.Combine(root, "tests", "Orders.Api.Tests", "UnitTest1.cs"));
        File.WriteAllText(Path.Combine(root, "tests", "Orders.Api.Tests", "Orders.Api.Tests.csproj"), AdoptedService.TestProject);
        File.WriteAllText(Path.Combine(root, "tests", "Orders.Api.Tests", "EndpointTests.cs"), AdoptedService.EndpointTests);
        File.WriteAllText(Path.Combine(root, "NuGet.config"), AdoptedService.NuGetConfig(packagesFolder));
        repository.Git("add", "--all");
        repository.Git("commit", "--quiet", "-m", "feat: Orders.Api");
    }

    private T Phase<T>(string name, Func<T> action)
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            return action();
        }
        finally
        {
            phases.Add((name, stopwatch.Elapsed));
            TestContext.Progress.WriteLine($"[adoption] {name}: {stopwatch.Elapsed.TotalSeconds:0.0} s");
        }
    }

    private void Phase(string name, Action action) => Phase<object?>(name, () =>
    {
        action();
        return null;
    });

    /// <summary>Every container and volume the deploy made (they carry the environment's name), and the images this run built.</summary>
    private static void RemoveDeployment(string environment, string image)
    {
        var containers = Docker("ps", "--all", "--quiet", "--filter", $"name=slipway-{environment}-").OutputLines
            .Concat(Docker("ps", "--all", "--quiet", "--filter", $"name={DeployNames.Edge(environment)}").OutputLines)
            .Distinct(StringComparer.Ordinal).ToList();
        if (containers.Count > 0)
        {
            Docker(["rm", "--force", "--volumes", .. containers]);
        }

        Docker("volume", "rm", "--force", DeployNames.Edge(environment), DeployNames.DataVolume(environment));
        var images = Docker("images", "--quiet", image).OutputLines.Distinct(StringComparer.Ordinal).ToList();
        if (images.Count > 0)
        {
            Docker(["rmi", "--force", .. images]);
        }

        Assert.That(Docker("ps", "--all", "--quiet", "--filter", $"name={environment}").OutputLines, Is.Empty, "containers left behind");
        Assert.That(Docker("volume", "ls", "--quiet", "--filter", $"name={environment}").OutputLines, Is.Empty, "volumes left behind");
    }

    private static ToolResult Docker(params string[] arguments) =>
        ToolRunner.Run(new ToolInvocation("docker", arguments) { LogOutput = false, Timeout = TimeSpan.FromMinutes(1) });

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Consecutive free loopback ports below the ephemeral range and the default environments' (28100-28299).</summary>
    private static string FreePortRange(int count)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var first = Random.Shared.Next(20000, 28000 - count);
            if (Enumerable.Range(first, count).All(IsFree))
            {
                return string.Create(CultureInfo.InvariantCulture, $"{first}-{first + count - 1}");
            }
        }

        throw new InvalidOperationException("No free run of loopback ports found.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(System.Net.IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean: a temp folder.
        }
    }
}
