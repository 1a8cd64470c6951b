using System.Globalization;
using Slipway.Delivery.Deploy;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Deploy.Integration;

/// <summary>Command lines of the sample build (tests/Slipway.Delivery.DeploySampleBuild), a real build process with the deploy components.</summary>
internal static class SampleBuildProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "Slipway.Delivery.DeploySampleBuild.dll");

    /// <summary>DeployStaging against a test's environment, configured the way users do: <c>SLIPWAY_&lt;NAME&gt;_*</c> variables; as CI (no approval asked).</summary>
    public static ToolInvocation DeployStaging(string root, DeployEnvironment environment, string image, params string[] more) =>
        ForEnvironment(
            Build(root, ["DeployStaging", "--skip", "Push", "--image", image, .. more.Contains("--bake-seconds") ? more : [.. more, "--bake-seconds", "2"]]),
            environment);

    /// <summary>Rollback of a test's environment, configured as <see cref="DeployStaging"/> is.</summary>
    public static ToolInvocation Rollback(string root, DeployEnvironment environment, params string[] more) =>
        Operate(root, environment, "Rollback", more);

    /// <summary>An operation on a test's environment (Rollback, Scale, Maintenance, Monitor) as the environments workflow runs it, configured as <see cref="DeployStaging"/> is.</summary>
    public static ToolInvocation Operate(string root, DeployEnvironment environment, string target, params string[] more) =>
        ForEnvironment(Build(root, [target, "--environment", environment.Name, .. more]), environment);

    /// <summary>Rehearse on a test's environment as staging, configured as <see cref="DeployStaging"/> is.</summary>
    public static ToolInvocation Rehearse(string root, DeployEnvironment environment, params string[] more) =>
        ForEnvironment(Build(root, ["Rehearse", .. more]), environment);

    /// <summary>
    /// Any target of the release path (DeployStaging, Promote, DeployProduction) with a test's staging and production
    /// environments, as CI runs it (the GitHub environment's reviewers approve production).
    /// </summary>
    public static ToolInvocation ReleasePath(string root, DeployEnvironment staging, DeployEnvironment production, params string[] arguments) =>
        ForEnvironment(ForEnvironment(Build(root, arguments), staging), production, "SLIPWAY_TEST_PRODUCTION_ENVIRONMENT");

    private static ToolInvocation ForEnvironment(ToolInvocation invocation, DeployEnvironment environment, string nameVariable = "SLIPWAY_TEST_ENVIRONMENT")
    {
        ArgumentNullException.ThrowIfNull(environment);
        var prefix = DeployEnvironmentOverrides.Prefix(environment.Name);
        foreach (var (name, value) in new Dictionary<string, string?>
        {
            [nameVariable] = environment.Name,
            [prefix + "PUBLIC_ENDPOINT"] = environment.PublicEndpoint.ToString(),
            [prefix + "APP_PORTS"] = environment.AppPorts.ToString(),
            [prefix + "LOCK_STALE_SECONDS"] = environment.LockStaleAfter.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            [prefix + "HEALTH_CHECK_INTERVAL_MS"] = environment.HealthCheckInterval.TotalMilliseconds.ToString(CultureInfo.InvariantCulture),
            [prefix + "DOCKER_HOST"] = environment.DockerHost,
            ["CI"] = "true",
        }.Concat(environment.AppEnvironment.Select(v => KeyValuePair.Create(prefix + DeployEnvironmentOverrides.AppEnvironmentInfix + v.Key, (string?)v.Value))))
        {
            if (value is not null)
            {
                invocation = invocation.WithEnvironment(name, value);
            }
        }

        return invocation;
    }

    /// <summary>Any target of the sample build, as a workstation runs it (no CI variables).</summary>
    public static ToolInvocation Build(string root, params string[] arguments) =>
        new ToolInvocation("dotnet", [Dll, .. arguments, "--root", root, "--no-logo"])
        {
            Timeout = TimeSpan.FromMinutes(3),
            LogOutput = false,
        }.WithEnvironment("CI", null).WithEnvironment("GITHUB_ACTIONS", null);
}
