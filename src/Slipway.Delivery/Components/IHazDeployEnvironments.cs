using Serilog;
using Slipway.Delivery.Deploy;
using Slipway.Delivery.Docker;
using Slipway.Delivery.Incidents;
using Slipway.Engine;
using Slipway.Engine.IO;
using Slipway.Engine.Logging;
using Slipway.Engine.Parameters;

namespace Slipway.Delivery.Components;

/// <summary>
/// The environments of a build, declared in C# by the build class — <see cref="StagingEnvironment"/> and
/// <see cref="ProductionEnvironment"/>, plus any others in <see cref="DeployEnvironments"/> — and the parameters deploys
/// and rollbacks share:
/// <code>
/// DeployEnvironment IHazDeployEnvironments.ProductionEnvironment =&gt; new()
/// {
///     Name = "production",
///     DockerHost = "ssh://deploy@app1",
///     PublicEndpoint = new IPEndPoint(IPAddress.Any, 80),
///     AppPorts = new PortRange(28200, 100),
///     RequiresApproval = true,
/// };
/// </code> An environment's settings
/// come, highest precedence first, from this run's parameters, <c>SLIPWAY_&lt;NAME&gt;_&lt;SETTING&gt;</c> environment
/// variables, and its C# declaration (docs/deploy.md).
/// </summary>
public interface IHazDeployEnvironments : IHazNotifications
{
    // No defaults: an environment's ports, host and migration command are facts about one app on one machine. A library
    // default would let two builds on one laptop compete for the same ports, and would deploy an app with another app's
    // migration command, instead of failing to compile until the build says what it means.

    /// <summary>What DeployStaging deploys to.</summary>
    DeployEnvironment StagingEnvironment { get; }

    /// <summary>What DeployProduction deploys to.</summary>
    DeployEnvironment ProductionEnvironment { get; }

    /// <summary>Every environment Rollback can name with --environment.</summary>
    IReadOnlyList<DeployEnvironment> DeployEnvironments => [StagingEnvironment, ProductionEnvironment];

    /// <remarks>
    /// Read as text whatever its declared type, so a build may re-declare it as an enum of its environment names
    /// (<c>[Parameter("...")] readonly Environments? Environment;</c>) — generated workflows then offer a choice.
    /// </remarks>
    [Parameter("Environment to roll back (or deploy to): staging or production, or another the build declares")]
    string? Environment => Context.Parameters.TryGet(nameof(Environment), out var value) ? value?.ToString() : null;

    /// <remarks>In CI the variable DOCKER_HOST reaches the Docker CLI directly (the parameter ignores its own variable).</remarks>
    [Parameter("Docker endpoint of the environment for this run, e.g. ssh://deploy@app1 (default: its declaration, else DOCKER_HOST)"), GitHubActionsVariable]
    string? DockerHost => Context.Parameters.SourceOf(nameof(DockerHost)) == ParameterSource.Environment ? null : this.GetParameter<string>();

    [Parameter("Private key that reaches an ssh:// Docker host (a deploy key; unset: this machine's own ssh setup)"), Secret, GitHubActionsSecret]
    string? DeploySshKey => this.GetParameter<string>();

    [Parameter("Pinned host keys of the ssh:// Docker hosts, as ssh-keyscan prints them (public; required with DeploySshKey; neither: this machine's ssh setup)"), GitHubActionsVariable]
    string? DeployKnownHosts => this.GetParameter<string>();

    /// <summary>What reaches the environment's host: the deploy key and pinned host keys of this run.</summary>
    internal SshCredentials SshCredentials => new(DeploySshKey, DeployKnownHosts);

    [Parameter("Bake window after the switch, in seconds (default: the environment's, 60)")]
    double? BakeSeconds => this.GetParameter<double?>();

    [Parameter("How this deploy moves traffic: blue-green (all at once), canary (the environment's CanarySteps) or rolling (replicas RollingBatch at a time); default: the environment's (production: canary)", Name = "Strategy")]
    string? DeployStrategy => this.GetParameter<string>("Strategy");

    [Parameter("How long a new version may take to pass its readiness gate, e.g. 90s (default: the environment's, 60s)")]
    TimeSpan? DeployTimeout => this.GetParameter<TimeSpan?>();

    [Parameter("How long: Maintenance --on lasts before the edge ends it by itself (default: until --off); Monitor watches (e.g. 10m)")]
    TimeSpan? Duration => this.GetParameter<TimeSpan?>();

    [Parameter("Break a stale deploy lock (no heartbeat for 2 minutes); recorded in the deploy log. Never breaks a live lock")]
    bool Force => this.GetParameter<bool?>() ?? false;

    [Parameter("Promote or deploy to production an image staging never verified, giving the reason (recorded in the deploy log and the summary)")]
    string? Unverified => this.GetParameter<string>();

    /// <summary>Who runs this: the GitHub actor in Actions, else user@machine.</summary>
    string DeployedBy =>
        Context.GetEnvironmentVariable("GITHUB_ACTOR") is { Length: > 0 } actor
            ? $"{actor} (GitHub Actions)"
            : $"{System.Environment.UserName}@{System.Environment.MachineName}";

    /// <summary>
    /// Writes the incident draft of a rollback (<see cref="IncidentDraft"/>) to artifacts/incidents, where the generated
    /// job uploads it, and into the GitHub step summary; returns its path from the root, or null when it could not be
    /// written (a warning: a draft must never fail the rollback it describes).
    /// </summary>
    internal string? WriteIncidentDraft(DeployRecord rollback, IReadOnlyList<DeployRecord> log)
    {
        try
        {
            var markdown = SecretMasker.Apply(IncidentDraft.Write(rollback, log, DateTimeOffset.UtcNow));
            var path = IncidentsDirectory / IncidentDraft.FileName(rollback);
            IncidentsDirectory.CreateDirectory();
            File.WriteAllText(path, markdown);
            if (Context.GetEnvironmentVariable("GITHUB_STEP_SUMMARY") is { Length: > 0 } stepSummary)
            {
                File.AppendAllText(stepSummary, "\n" + markdown);
            }

            var relative = path.GetRelativePathFrom(RootDirectory);
            Host.AddSummaryNote($"Incident draft: {relative}");
            return relative;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Log.Warning("The incident draft could not be written: {Reason}", exception.Message);
            return null;
        }
    }

    /// <summary>The environment's deploy log for a report or a notification; empty when it cannot be read (the report is then shorter, the run goes on).</summary>
    internal static async Task<IReadOnlyList<DeployRecord>> ReadLogForReportAsync(DeployHost host)
    {
        try
        {
            return await host.ReadLogAsync();
        }
        catch (Exception exception) when (exception is BuildFailedException or Engine.Tooling.ToolException or IOException)
        {
            Log.Warning("The deploy log could not be read for the report: {Reason}", exception.Message);
            return [];
        }
    }

    /// <summary>Where rollbacks write their incident drafts (the <c>Reports</c> of Deploy* and Rollback).</summary>
    AbsolutePath IncidentsDirectory => ArtifactsDirectory / "incidents";

    /// <summary>The named environment's deploy log, read from its host without a lock (what promotion checks).</summary>
    internal async Task<IReadOnlyList<DeployRecord>> ReadDeployLogAsync(string environmentName)
    {
        // Several hosts: the primary's log, the one that decides (each host keeps its own).
        await using var host = await DeployHost.ConnectAsync(ResolveEnvironment(environmentName).PerHost()[0], SshCredentials);
        return await host.ReadLogAsync();
    }

    /// <summary>The named environment with this run's overrides applied and validated; an unknown name is bad input (exit 2).</summary>
    internal DeployEnvironment ResolveEnvironment(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var declared = DeployEnvironments.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw BuildFailedException.BadInput(
                $"Unknown environment '{name}'. This build declares: {string.Join(", ", DeployEnvironments.Select(e => e.Name))}.");
        var environment = DeployEnvironmentOverrides.Apply(declared, Context.Environment);
        if (DockerHost is { Length: > 0 } host)
        {
            environment = environment with { DockerHost = host };
        }

        if (BakeSeconds is { } bake)
        {
            environment = environment with { BakeWindow = TimeSpan.FromSeconds(bake) };
        }

        if (DeployTimeout is { } timeout)
        {
            environment = environment with { DeployTimeout = timeout };
        }

        if (DeployStrategy is { Length: > 0 } strategy)
        {
            try
            {
                environment = environment with { Strategy = DeployEnvironmentOverrides.ParseStrategy(strategy) };
            }
            catch (FormatException exception)
            {
                throw BuildFailedException.BadInput($"--strategy: {exception.Message}");
            }
        }

        environment.Validate();
        foreach (var other in DeployEnvironments.Where(e => e.Name != environment.Name).Select(e => DeployEnvironmentOverrides.Apply(e, Context.Environment)))
        {
            // Two environments on one host must not compete for ports: their containers pick ports from these ranges.
            if (other.Endpoints.Intersect(environment.Endpoints).Any()
                && (other.AppPorts.Overlaps(environment.AppPorts) || other.PublicEndpoint.Port == environment.PublicEndpoint.Port))
            {
                throw BuildFailedException.BadInput(
                    $"Environments {environment.Name} and {other.Name} share a Docker host and their ports overlap " +
                    $"(public {environment.PublicEndpoint.Port} and {other.PublicEndpoint.Port}; app ports {environment.AppPorts} and {other.AppPorts}). Give each its own.");
            }
        }

        return environment;
    }
}
