using System.Globalization;
using System.Net;
using Slipway.Engine;
using Slipway.Engine.Parameters;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// Per-environment overrides from environment variables, <c>SLIPWAY_&lt;NAME&gt;_&lt;SETTING&gt;</c> — e.g.
/// <c>SLIPWAY_PRODUCTION_DOCKER_HOST=ssh://deploy@app1</c> — so a CI environment (a GitHub environment's variables and
/// secrets) can point the same build at its own servers. <c>SLIPWAY_&lt;NAME&gt;_APP_ENV_&lt;VARIABLE&gt;</c> adds a
/// variable to the app's containers (<c>SLIPWAY_PRODUCTION_APP_ENV_ConnectionStrings__Catalog</c>).
/// </summary>
internal static class DeployEnvironmentOverrides
{
    public const string AppEnvironmentInfix = "APP_ENV_";

    /// <summary><c>SLIPWAY_&lt;NAME&gt;_ROLE_&lt;ROLE&gt;_REPLICAS</c>: a declared role's replicas (<c>SLIPWAY_PRODUCTION_ROLE_WORKER_REPLICAS=4</c>).</summary>
    public const string RoleInfix = "ROLE_";

    private const string RoleReplicasSuffix = "_REPLICAS";

    /// <summary>The settings that can be overridden, by variable suffix.</summary>
    public static IReadOnlyList<string> Settings { get; } =
    [
        "DOCKER_HOST", "PUBLIC_ENDPOINT", "PUBLIC_URL", "HEALTH_PATH", "STATUS_PATH", "DEPLOY_TIMEOUT", "BAKE_SECONDS",
        "MAX_ERROR_RATE", "MAX_P95_MS", "MINIMUM_BAKE_REQUESTS", "RETAINED_VERSIONS", "REQUIRES_APPROVAL", "READINESS_PASSES",
        "APP_PORTS", "KEEP_PREVIOUS_RUNNING", "BOOT_DURING_MIGRATIONS", "HEALTH_CHECK_INTERVAL_MS", "LOCK_STALE_SECONDS", "EDGE_BASE_IMAGE",
        "REPLICAS", "ROLLING_BATCH", "STRATEGY", "CANARY_STEPS", "CANARY_STEP_SECONDS", "CANARY_QUIET_SECONDS",
        "HOSTS", "HOSTS_AT_ONCE",
    ];

    /// <summary><c>SLIPWAY_STAGING_</c> for <c>staging</c>, <c>SLIPWAY_QA_EU_</c> for <c>qa-eu</c>.</summary>
    public static string Prefix(string environmentName)
    {
        ArgumentNullException.ThrowIfNull(environmentName);
        return "SLIPWAY_" + environmentName.ToUpperInvariant().Replace('-', '_') + "_";
    }

    /// <summary>Applies every <c>SLIPWAY_&lt;NAME&gt;_*</c> variable; a value that does not convert is bad input (exit 2) naming the variable.</summary>
    public static DeployEnvironment Apply(DeployEnvironment environment, IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(variables);
        var prefix = Prefix(environment.Name);
        var result = environment;
        var appEnvironment = new Dictionary<string, string>(environment.AppEnvironment, StringComparer.Ordinal);
        foreach (var (name, value) in variables.Where(v => v.Key.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            var setting = name[prefix.Length..];
            if (setting.StartsWith(AppEnvironmentInfix, StringComparison.Ordinal) && setting.Length > AppEnvironmentInfix.Length)
            {
                appEnvironment[setting[AppEnvironmentInfix.Length..]] = value;
                continue;
            }

            if (setting.StartsWith(RoleInfix, StringComparison.Ordinal) && setting.EndsWith(RoleReplicasSuffix, StringComparison.Ordinal))
            {
                result = SetRoleReplicas(result, name, setting[RoleInfix.Length..^RoleReplicasSuffix.Length], value);
                continue;
            }

            try
            {
                result = Set(result, setting, value) ?? throw BuildFailedException.BadInput(
                    $"{name} is not a setting of an environment. Known: {string.Join(", ", Settings.Select(s => prefix + s))}, {prefix}{AppEnvironmentInfix}<VARIABLE>, {prefix}{RoleInfix}<ROLE>_REPLICAS.");
            }
            catch (Exception exception) when (exception is FormatException or OverflowException or ArgumentException)
            {
                throw BuildFailedException.BadInput($"{name}='{value}' is not valid: {exception.Message}");
            }
        }

        return result with { AppEnvironment = appEnvironment };
    }

    private static DeployEnvironment SetRoleReplicas(DeployEnvironment environment, string variable, string role, string value)
    {
        var roleName = role.ToLowerInvariant().Replace('_', '-');
        if (environment.Roles.FirstOrDefault(r => r.Name == roleName) is not { } declared)
        {
            throw BuildFailedException.BadInput(
                $"{variable} names role '{roleName}', which {environment.Name} does not declare. Declared roles: " +
                (environment.Roles.Count == 0 ? "none" : string.Join(", ", environment.Roles.Select(r => r.Name))) + ".");
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var replicas))
        {
            throw BuildFailedException.BadInput($"{variable}='{value}' is not valid: give a whole number of containers (1-{DeployRole.MaxReplicas}).");
        }

        return environment with { Roles = [.. environment.Roles.Select(r => r == declared ? r with { Replicas = replicas } : r)] };
    }

    private static DeployEnvironment? Set(DeployEnvironment e, string setting, string value) => setting switch
    {
        "DOCKER_HOST" => e with { DockerHost = value.Length == 0 ? null : value },
        // Several hosts, comma- or space-separated, the primary first (a GitHub environment's variable, say).
        "HOSTS" => e with { Hosts = value.Split([',', ' ', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) },
        "HOSTS_AT_ONCE" => e with { HostsAtOnce = value.Length == 0 ? null : int.Parse(value, CultureInfo.InvariantCulture) },
        "PUBLIC_ENDPOINT" => e with { PublicEndpoint = IPEndPoint.Parse(value) },
        "PUBLIC_URL" => e with { PublicUrl = new Uri(value, UriKind.Absolute) },
        "HEALTH_PATH" => e with { HealthPath = value },
        "STATUS_PATH" => e with { StatusPath = value.Length == 0 ? null : value },
        "DEPLOY_TIMEOUT" => e with { DeployTimeout = TimeSpan.FromSeconds(double.Parse(value.TrimEnd('s'), CultureInfo.InvariantCulture)) },
        "BAKE_SECONDS" => e with { BakeWindow = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
        "MAX_ERROR_RATE" => e with { MaxErrorRate = ParseRate(value) },
        "MAX_P95_MS" => e with { MaxP95Latency = TimeSpan.FromMilliseconds(double.Parse(value, CultureInfo.InvariantCulture)) },
        "MINIMUM_BAKE_REQUESTS" => e with { MinimumBakeRequests = int.Parse(value, CultureInfo.InvariantCulture) },
        "RETAINED_VERSIONS" => e with { RetainedVersions = int.Parse(value, CultureInfo.InvariantCulture) },
        "REQUIRES_APPROVAL" => e with { RequiresApproval = ParameterValueConverter.ParseBoolean(value) },
        "READINESS_PASSES" => e with { ReadinessPasses = int.Parse(value, CultureInfo.InvariantCulture) },
        "APP_PORTS" => e with { AppPorts = PortRange.Parse(value) },
        "KEEP_PREVIOUS_RUNNING" => e with { KeepPreviousRunning = ParameterValueConverter.ParseBoolean(value) },
        "BOOT_DURING_MIGRATIONS" => e with { BootDuringMigrations = ParameterValueConverter.ParseBoolean(value) },
        "HEALTH_CHECK_INTERVAL_MS" => e with { HealthCheckInterval = TimeSpan.FromMilliseconds(double.Parse(value, CultureInfo.InvariantCulture)) },
        "LOCK_STALE_SECONDS" => e with { LockStaleAfter = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
        "EDGE_BASE_IMAGE" => e with { EdgeBaseImage = value.Length == 0 ? null : value },
        "ROLLING_BATCH" => e with { RollingBatch = int.Parse(value, CultureInfo.InvariantCulture) },
        "REPLICAS" => e with { Replicas = int.Parse(value, CultureInfo.InvariantCulture) },
        "STRATEGY" => e with { Strategy = ParseStrategy(value) },
        "CANARY_STEPS" => e with { CanarySteps = [.. value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p.TrimEnd('%'), CultureInfo.InvariantCulture))] },
        "CANARY_STEP_SECONDS" => e with { CanaryStepWindow = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
        "CANARY_QUIET_SECONDS" => e with { CanaryQuietTimeout = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
        "EDGE_ADMIN_PORT" => throw BuildFailedException.BadInput(
            "EDGE_ADMIN_PORT was removed: HAProxy's runtime API has no authentication, so a TCP listener let any process on the host — " +
            "another environment's app included — re-point this edge. Remove the variable; deploys reach the edge through its private " +
            "unix socket or docker exec (docs/deploy.md, Security model)."),
        _ => null,
    };

    /// <summary><c>blue-green</c>, <c>BlueGreen</c>, <c>blue_green</c> (seed 004's spelling) or <c>canary</c>.</summary>
    public static DeployStrategy ParseStrategy(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var plain = text.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
        return Enum.TryParse<DeployStrategy>(plain, ignoreCase: true, out var strategy) && Enum.IsDefined(strategy)
            ? strategy
            : throw new FormatException($"'{text}' is not a strategy; use blue-green, canary or rolling.");
    }

    /// <summary>A rate as a fraction (<c>0.05</c>) or a percentage (<c>5%</c>).</summary>
    public static double ParseRate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        return trimmed.EndsWith('%')
            ? double.Parse(trimmed[..^1], CultureInfo.InvariantCulture) / 100
            : double.Parse(trimmed, CultureInfo.InvariantCulture);
    }
}
