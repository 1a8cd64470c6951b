using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Slipway.Delivery.Orchestration;
using Slipway.Delivery.Orchestration.MultiHost;
using Slipway.Delivery.Orchestration.Swarm;
using Slipway.Engine;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// An environment the pipeline deploys to, declared in C# by the build class (this repository's are in
/// build/Build.Environments.cs) and overridable per run by parameters and by
/// <c>SLIPWAY_&lt;NAME&gt;_&lt;SETTING&gt;</c> environment variables (<see cref="DeployEnvironmentOverrides"/>).
/// The library knows no app: what only the app knows (name, ports, migration command) has no default here.
/// </summary>
public sealed partial record DeployEnvironment
{
    /// <summary>Lower-case name: <c>staging</c>, <c>production</c>. Names the edge, the containers and the volumes on the host.</summary>
    public required string Name { get; init; }

    /// <summary>
    /// The Docker endpoint, e.g. <c>ssh://deploy@app1.example.com</c>. Null uses what the Docker CLI uses by itself:
    /// <c>DOCKER_HOST</c>, else the current context (the local engine by default).
    /// </summary>
    public string? DockerHost { get; init; }

    /// <summary>
    /// Several Docker hosts that serve the environment together (docs/deploy.md, Several hosts), each an endpoint shaped like
    /// <see cref="DockerHost"/> and running the app and its own edge behind a load balancer outside Slipway. A deploy or a
    /// rollback moves them together: every host boots and gates the new version before any switches. The first is the
    /// primary: the migrations run there only, once. Empty (the default): the one <see cref="DockerHost"/>.
    /// </summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];

    /// <summary>
    /// How many of the <see cref="Hosts"/> boot the new version at once (Kamal's <c>boot.limit</c>): a host's boot is
    /// starting its new version (on the primary also migrating) until it passed its gate; the next host starts when one
    /// passed, in the order of <see cref="Hosts"/>. Every host still switches together, after every host passed. Null
    /// (the default): all at once. Keeps a shared database or cache from meeting every host's cold start at once.
    /// </summary>
    public int? HostsAtOnce { get; init; }

    /// <summary>Where the edge takes public traffic on the host, e.g. <c>127.0.0.1:8081</c> on a laptop or <c>0.0.0.0:80</c> on a server.</summary>
    public required IPEndPoint PublicEndpoint { get; init; }

    /// <summary>The URL users call (shown in summaries, linked from GitHub); defaults to <c>http://&lt;PublicEndpoint&gt;/</c>.</summary>
    public Uri? PublicUrl { get; init; }

    /// <summary>Readiness path: the edge's health checks and the deploy's gate request it and expect 200.</summary>
    public string HealthPath { get; init; } = "/health/ready";

    /// <summary>Path of the version probe (JSON with a <c>version</c> field); null skips the probe.</summary>
    public string? StatusPath { get; init; } = "/status";

    /// <summary>How long a new version has to pass its readiness gate (and each one-off migration container to finish).</summary>
    public TimeSpan DeployTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the new version is watched after the switch while the old one stays warm.</summary>
    public TimeSpan BakeWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Containers of the serving version behind the edge, balanced (1 to 8). A deploy starts the new version with as
    /// many, gates every one and then switches; <c>Scale</c> changes the count of the serving version, and a deploy keeps
    /// a count an operator scaled to after the last deploy or rollback (docs/deploy.md, Scale).
    /// </summary>
    public int Replicas { get; init; } = 1;

    /// <summary>
    /// The smoke suite (docs/deploy.md, Smoke tests): HTTP checks run against the new version through the edge's preview
    /// route after its gate, before it takes traffic (a failure aborts, exit 10), and through the public endpoint after
    /// the switch (a failure switches back, exit 11). Empty: readiness and the version probe are the only checks.
    /// </summary>
    public IReadOnlyList<SmokeCheck> SmokeTests { get; init; } = [];

    /// <summary>How many replicas a <see cref="DeployStrategy.Rolling"/> deploy replaces at a time.</summary>
    public int RollingBatch { get; init; } = 1;

    /// <summary>How traffic moves to a new version that passed its gate: all at once (the default), by canary steps, or by rolling batches of replicas.</summary>
    public DeployStrategy Strategy { get; init; } = DeployStrategy.BlueGreen;

    /// <summary>
    /// A canary's shares of new requests, in percent, in order (Flagger's <c>stepWeight</c>s, Argo's <c>setWeight</c>s); after
    /// the last the new version takes everything. Each is held for <see cref="CanaryStepWindow"/> and judged against
    /// <see cref="MaxErrorRate"/>, <see cref="MaxP95Latency"/> and readiness.
    /// </summary>
    public IReadOnlyList<int> CanarySteps { get; init; } = [10, 25, 50];

    /// <summary>How long each canary step is watched before the next share.</summary>
    public TimeSpan CanaryStepWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a canary step may wait beyond its window for <see cref="MinimumBakeRequests"/> responses of the new
    /// version. A step that still has fewer is inconclusive: the canary ends with the old version serving (exit 11),
    /// since a quiet service proves nothing either way; deploy it with <c>Strategy = BlueGreen</c> instead.
    /// </summary>
    public TimeSpan CanaryQuietTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Share of 5xx (and broken) responses of the new version that triggers an automatic rollback (0.05 = 5 %).</summary>
    public double MaxErrorRate { get; init; } = 0.05;

    /// <summary>95th percentile of the new version's response time that triggers an automatic rollback.</summary>
    public TimeSpan MaxP95Latency { get; init; } = TimeSpan.FromMilliseconds(2000);

    /// <summary>Responses needed in the bake's sliding window before a rate or percentile is judged (a few requests prove nothing).</summary>
    public int MinimumBakeRequests { get; init; } = 20;

    /// <summary>Previous versions kept per environment (stopped containers) for a rollback without the registry.</summary>
    public int RetainedVersions { get; init; } = 5;

    /// <summary>Deploys need an approval: <c>--confirm</c> on a workstation; in CI the GitHub environment's reviewers.</summary>
    public bool RequiresApproval { get; init; }

    /// <summary>Only release versions (no pre-release label) may be deployed here.</summary>
    public bool RequiresReleaseVersion { get; init; }

    /// <summary>
    /// The environment whose verified deploys this one takes (staging, for production): Promote tags the digest that
    /// environment served, and a deploy here refuses a digest that never served there unless <c>--unverified</c> gives a
    /// reason, which is recorded. Null: any pushed image may be deployed.
    /// </summary>
    public string? PromotedFrom { get; init; }

    /// <summary>Consecutive passing readiness checks before a version takes traffic (HAProxy's <c>rise</c>).</summary>
    public int ReadinessPasses { get; init; } = 3;

    /// <summary>
    /// Interval of the edge's readiness checks; short, so the gate passes soon after the app is ready and a failing
    /// version is out of rotation within <c>fall</c> (2) intervals. Four cheap requests a second per slot.
    /// </summary>
    public TimeSpan HealthCheckInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Start the new version before the backup and the migrations, so its boot overlaps them (it takes no traffic
    /// before its gate). Safe for apps that write nothing at startup, report not-ready until their migrations are
    /// applied and do not crash on the previous schema — Catalog.Api's readiness checks for pending migrations. Set
    /// false to start it only after migrating. No effect under Swarm, which migrates before any new task starts (a healthy
    /// task takes traffic at once).
    /// </summary>
    public bool BootDuringMigrations { get; init; } = true;

    /// <summary>Loopback ports for this environment's app containers.</summary>
    public required PortRange AppPorts { get; init; }

    /// <summary>A deploy lock whose heartbeat is older than this is stale (its deploy died); only <c>--force</c> breaks it.</summary>
    public TimeSpan LockStaleAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Keep the previous version running (drained, still health-checked) after the bake, so a rollback is an instant
    /// switch; costs a second running instance. Off: it is stopped and kept, and a rollback restarts it.
    /// </summary>
    public bool KeepPreviousRunning { get; init; }

    /// <summary>How long in-flight requests may take to finish on the old version before its container is stopped.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Environment variables for the app and migration containers (connection strings...). Values are passed to the
    /// Docker CLI through its environment, never its arguments.
    /// </summary>
    public IReadOnlyDictionary<string, string> AppEnvironment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Where the app keeps its data; the environment's data volume is mounted here, shared by both colours.</summary>
    public string DataPath { get; init; } = "/app/data";

    /// <summary>
    /// The image's migration command, run once per deploy under the lock in a one-off container; null when the app has
    /// none. When it contains <see cref="BackupFilePlaceholder"/> it also backs up (<see cref="MigrateBacksUp"/>): the
    /// deploy replaces the placeholder with the backup file, and the command backs up to it before applying anything —
    /// only when it has something to apply — and exits <see cref="BackupFailedExitCode"/> when the backup failed (nothing
    /// applied). One container instead of two saves a container, runtime and ORM start per migrating deploy.
    /// Catalog.Api's is <c>migrate --backup-to {file}</c> (build/Build.Environments.cs).
    /// </summary>
    public IReadOnlyList<string>? MigrateCommand { get; init; }

    /// <summary>
    /// What a <see cref="MigrateCommand"/> that backs up exits with when its backup failed and it applied nothing, so the
    /// deploy reports a failed backup (data untouched) rather than a failed migration; null when the app has no such code.
    /// </summary>
    public int? BackupFailedExitCode { get; init; }

    /// <summary>
    /// What <see cref="MigrateCommand"/> exits with when a migration failed after an earlier one committed and it restored
    /// the backup (the old version serves the data it knew: the deploy exits 10, "database restored"); null: the app
    /// does not restore. Catalog.Api's is 4.
    /// </summary>
    public int? DatabaseRestoredExitCode { get; init; }

    /// <summary>What <see cref="MigrateCommand"/> exits with when that restore failed too (the deploy exits 13, "database needs attention"). Catalog.Api's is 5.</summary>
    public int? RestoreFailedExitCode { get; init; }

    /// <summary>
    /// A separate backup command, run in its own one-off container before <see cref="MigrateCommand"/>, for apps whose
    /// migration cannot back up itself (e.g. <c>["backup", "--to", "{file}"]</c>); must contain
    /// <see cref="BackupFilePlaceholder"/>. Null (the default): no separate step.
    /// </summary>
    public IReadOnlyList<string>? BackupCommand { get; init; }

    /// <summary>
    /// The image's restore command for <c>Rollback --restore-database</c>, run in a one-off container on the data volume;
    /// <see cref="BackupFilePlaceholder"/> becomes the backup file. Must exit 0 only when the database holds the backup
    /// again (Catalog.Api's: <c>restore --from {file}</c>). Null (the default): the environment cannot restore a database.
    /// </summary>
    public IReadOnlyList<string>? RestoreCommand { get; init; }

    /// <summary>
    /// What runs the service: <see cref="DeployOrchestrator.Containers"/> (the default: Slipway's own containers behind the
    /// edge) or <see cref="DeployOrchestrator.Swarm"/> (a Swarm service <c>slipway-&lt;name&gt;</c> on the engine, which must
    /// be a Swarm manager; docs/deploy.md, Docker Swarm).
    /// </summary>
    public DeployOrchestrator Orchestrator { get; init; } = DeployOrchestrator.Containers;

    /// <summary>
    /// Roles besides the web role (docs/deploy.md, Roles): the same image with another command, no HTTP traffic — workers
    /// rolled start-first with a stop grace period, singletons stop-first. Empty (the default): the web role only.
    /// </summary>
    public IReadOnlyList<DeployRole> Roles { get; init; } = [];

    /// <summary>Base of the edge image (official <c>haproxy</c>); null picks the local stand-in when the engine has it, else <c>haproxy:2.6</c>.</summary>
    public string? EdgeBaseImage { get; init; }

    /// <summary>Replaced by the backup file in <see cref="MigrateCommand"/> and <see cref="BackupCommand"/>.</summary>
    public const string BackupFilePlaceholder = "{file}";

    /// <summary>The migration command backs up too (it names the backup file): one one-off container for both.</summary>
    public bool MigrateBacksUp => MigrateCommand?.Any(a => a.Contains(BackupFilePlaceholder, StringComparison.Ordinal)) == true;

    /// <summary><see cref="MigrateCommand"/> with <see cref="BackupFilePlaceholder"/> replaced by <paramref name="backupFile"/>.</summary>
    public IReadOnlyList<string>? MigrateCommandFor(string backupFile) => WithBackupFile(MigrateCommand, backupFile);

    /// <summary><see cref="RestoreCommand"/> with <see cref="BackupFilePlaceholder"/> replaced by <paramref name="backupFile"/>.</summary>
    public IReadOnlyList<string>? RestoreCommandFor(string backupFile) => WithBackupFile(RestoreCommand, backupFile);

    /// <summary><see cref="BackupCommand"/> with <see cref="BackupFilePlaceholder"/> replaced by <paramref name="backupFile"/>.</summary>
    public IReadOnlyList<string>? BackupCommandFor(string backupFile) => WithBackupFile(BackupCommand, backupFile);

    [SuppressMessage("Security", "S5332", Justification = "Only the default, the edge's own plain-HTTP listener; an environment served over TLS sets PublicUrl.")]
    public Uri Url => PublicUrl ?? new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{PublicEndpoint}/"));

    /// <summary>Throws a bad-input failure (exit 2) naming every problem, before anything touches the host.</summary>
    public void Validate()
    {
        var problems = Problems().ToList();
        if (problems.Count > 0)
        {
            throw BuildFailedException.BadInput(
                $"The settings of environment '{Name}' are invalid:{System.Environment.NewLine}  - " +
                string.Join($"{System.Environment.NewLine}  - ", problems));
        }
    }

    public IEnumerable<string> Problems()
    {
        if (Name is null || !EnvironmentName().IsMatch(Name))
        {
            yield return $"Name '{Name}' must be 1-40 lower-case letters, digits or '-', starting with a letter.";
        }

        if (DockerHost is not null && !DockerHostShape().IsMatch(DockerHost))
        {
            yield return $"DockerHost '{DockerHost}' must look like ssh://user@host, tcp://host:2376 or unix:///var/run/docker.sock.";
        }

        foreach (var problem in MultiHostDeclaration.Problems(this))
        {
            yield return problem;
        }

        if (PromotedFrom is not null && string.Equals(PromotedFrom, Name, StringComparison.OrdinalIgnoreCase))
        {
            yield return $"PromotedFrom names the environment itself; name the environment before it (e.g. staging), or null.";
        }

        if (PublicEndpoint is null)
        {
            yield return "PublicEndpoint is required, e.g. 127.0.0.1:8081.";
        }
        else if (PublicEndpoint.Port is < 1 or > 65535)
        {
            yield return $"PublicEndpoint port {PublicEndpoint.Port} must be between 1 and 65535.";
        }
        else if (AppPorts.Contains(PublicEndpoint.Port))
        {
            yield return $"PublicEndpoint port {PublicEndpoint.Port} must not be in AppPorts ({AppPorts}).";
        }

        foreach (var (name, path) in new[] { (nameof(HealthPath), HealthPath), (nameof(StatusPath), StatusPath ?? "/") })
        {
            if (path is null || !PathShape().IsMatch(path))
            {
                yield return $"{name} '{path}' must start with '/' and contain no spaces or control characters.";
            }
        }

        if (DeployTimeout < TimeSpan.FromSeconds(1))
        {
            yield return $"DeployTimeout ({DeployTimeout}) must be at least 1 second.";
        }

        if (BakeWindow < TimeSpan.Zero)
        {
            yield return $"BakeWindow ({BakeWindow}) must not be negative.";
        }

        foreach (var problem in CanaryProblems())
        {
            yield return problem;
        }

        if (MaxErrorRate is < 0 or > 1 || double.IsNaN(MaxErrorRate))
        {
            yield return $"MaxErrorRate ({MaxErrorRate.ToString(CultureInfo.InvariantCulture)}) must be between 0 and 1 (0.05 = 5 %).";
        }

        if (MaxP95Latency <= TimeSpan.Zero)
        {
            yield return "MaxP95Latency must be positive.";
        }

        if (MinimumBakeRequests < 1)
        {
            yield return "MinimumBakeRequests must be at least 1.";
        }

        if (RetainedVersions is < 1 or > 50)
        {
            yield return $"RetainedVersions ({RetainedVersions}) must be between 1 and 50.";
        }

        if (ReadinessPasses is < 1 or > 100)
        {
            yield return $"ReadinessPasses ({ReadinessPasses}) must be between 1 and 100.";
        }

        if (HealthCheckInterval < TimeSpan.FromMilliseconds(100) || HealthCheckInterval > TimeSpan.FromMinutes(1))
        {
            yield return $"HealthCheckInterval ({HealthCheckInterval}) must be between 100 ms and 1 minute.";
        }

        if (Replicas is < 1 or > Edge.EdgeServer.MaxReplicas)
        {
            yield return $"Replicas ({Replicas}) must be between 1 and {Edge.EdgeServer.MaxReplicas}: the edge has {Edge.EdgeServer.MaxReplicas} servers per slot.";
        }

        foreach (var problem in (SmokeTests ?? []).SelectMany(c => c?.Problems() ?? ["a smoke check is null."]))
        {
            yield return "SmokeTests: " + problem;
        }

        var ports = (RetainedVersions + 2) * Math.Max(1, Replicas);
        if (AppPorts.First < 1 || AppPorts.Last > 65535 || AppPorts.Count < ports)
        {
            yield return $"AppPorts ({AppPorts}) must lie within 1-65535 and hold at least (RetainedVersions + 2) × Replicas = {ports} ports.";
        }

        if (LockStaleAfter < TimeSpan.FromSeconds(1))
        {
            yield return "LockStaleAfter must be at least 1 second.";
        }

        if (DrainTimeout < TimeSpan.Zero)
        {
            yield return "DrainTimeout must not be negative.";
        }

        if (DataPath is null || !PathShape().IsMatch(DataPath))
        {
            yield return $"DataPath '{DataPath}' must be an absolute path inside the container.";
        }

        foreach (var name in (AppEnvironment ?? new Dictionary<string, string>()).Keys.Where(k => !VariableName().IsMatch(k)))
        {
            yield return $"AppEnvironment variable '{name}' is not a valid environment variable name.";
        }

        foreach (var problem in RoleProblems())
        {
            yield return problem;
        }

        if (BackupCommand is { } backup && !backup.Any(a => a.Contains(BackupFilePlaceholder, StringComparison.Ordinal)))
        {
            yield return "BackupCommand must contain {file}, which the deploy replaces with the backup file.";
        }

        foreach (var problem in SwarmDeclaration.Problems(this))
        {
            yield return problem;
        }

        if (BackupCommand is not null && MigrateBacksUp)
        {
            yield return "MigrateCommand and BackupCommand both contain {file}, so the data would be backed up twice. Use one: a MigrateCommand with " +
                "{file} backs up and migrates in one container (e.g. migrate --backup-to {file}); or BackupCommand with {file} and a " +
                "MigrateCommand without it (two containers, for apps whose migration cannot back up).";
        }
    }

    private IEnumerable<string> RoleProblems()
    {
        var roles = Roles ?? [];
        foreach (var problem in roles.SelectMany(r => r?.Problems() ?? ["a role is null; remove it from Roles."]))
        {
            yield return "Roles: " + problem;
        }

        foreach (var twice in roles.Where(r => r?.Name is not null).GroupBy(r => r.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            yield return $"Roles: '{twice.Key}' is declared {twice.Count()} times; give each role its own name.";
        }
    }

    private IEnumerable<string> CanaryProblems()
    {
        if (!Enum.IsDefined(Strategy))
        {
            yield return $"Strategy ({Strategy}) must be BlueGreen, Canary or Rolling.";
        }

        if (RollingBatch is < 1 or > Edge.EdgeServer.MaxReplicas)
        {
            yield return $"RollingBatch ({RollingBatch}) must be between 1 and {Edge.EdgeServer.MaxReplicas}.";
        }

        var steps = CanarySteps ?? [];
        if (Strategy == DeployStrategy.Canary && steps.Count == 0)
        {
            yield return "CanarySteps is empty: a canary needs at least one share below 100 %, e.g. [10, 25, 50].";
        }

        if (steps.Any(p => p is < 1 or > 99) || steps.Zip(steps.Skip(1)).Any(pair => pair.Second <= pair.First))
        {
            yield return $"CanarySteps ({string.Join(", ", steps)}) must be rising percentages between 1 and 99; after the last the new version takes 100 %.";
        }

        if (CanaryStepWindow < TimeSpan.FromSeconds(1))
        {
            yield return $"CanaryStepWindow ({CanaryStepWindow}) must be at least 1 second.";
        }

        if (CanaryQuietTimeout < TimeSpan.Zero)
        {
            yield return $"CanaryQuietTimeout ({CanaryQuietTimeout}) must not be negative.";
        }
    }

    /// <summary>Whether an endpoint has the shape of a Docker host (<c>ssh://…</c>, <c>tcp://…</c>, <c>unix://…</c>).</summary>
    internal static bool IsDockerHostShape(string endpoint) => DockerHostShape().IsMatch(endpoint);

    /// <summary>The Docker endpoints the environment runs on: its <see cref="Hosts"/>, else its one <see cref="DockerHost"/> (null: the CLI's default).</summary>
    internal IReadOnlyList<string?> Endpoints => Hosts is { Count: > 0 } hosts ? [.. hosts] : [DockerHost];

    /// <summary>
    /// The environment as each of its hosts runs it, the primary first: one <see cref="DockerHost"/> each and no
    /// <see cref="Hosts"/>; the others without migration, backup and restore commands, since they share the primary's
    /// database and the migrations must run once, and with their singleton roles marked not to run there. One host: the
    /// environment itself.
    /// </summary>
    internal IReadOnlyList<DeployEnvironment> PerHost() =>
        Hosts is not { Count: > 0 } hosts
            ? [this]
            : [.. hosts.Select((host, index) => index == 0
                ? this with { DockerHost = host, Hosts = [] }
                : this with
                {
                    DockerHost = host,
                    Hosts = [],
                    MigrateCommand = null,
                    BackupCommand = null,
                    RestoreCommand = null,
                    Roles = [.. Roles.Select(r => r.Singleton ? r with { RunsHere = false } : r)],
                })];

    private static string[]? WithBackupFile(IReadOnlyList<string>? command, string backupFile) =>
        command?.Select(a => a.Replace(BackupFilePlaceholder, backupFile, StringComparison.Ordinal)).ToArray();

    [GeneratedRegex("^[a-z][a-z0-9-]{0,39}$")]
    private static partial Regex EnvironmentName();

    [GeneratedRegex(@"^(ssh|tcp|unix|npipe)://\S+$")]
    private static partial Regex DockerHostShape();

    [GeneratedRegex(@"^/[\x21-\x7E]*$")]
    private static partial Regex PathShape();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.]*$")]
    private static partial Regex VariableName();
}
