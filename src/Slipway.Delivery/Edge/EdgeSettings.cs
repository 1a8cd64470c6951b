using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Slipway.Engine;

namespace Slipway.Delivery.Edge;

/// <summary>
/// Everything that shapes one environment's edge. The config is rendered from this record alone (see
/// <see cref="EdgeConfigRenderer"/>), so two equal settings always give the same HAProxy configuration.
/// </summary>
internal sealed partial record EdgeSettings
{
    /// <summary>The environment this edge fronts (<c>staging</c>, <c>production</c>); names the edge in logs and metrics.</summary>
    public required string Environment { get; init; }

    /// <summary>Where the edge accepts public traffic, e.g. <c>0.0.0.0:8080</c>.</summary>
    public required IPEndPoint PublicEndpoint { get; init; }

    /// <summary>The path health checks request on each slot; a slot is healthy when it answers 200.</summary>
    public string ReadinessPath { get; init; } = "/health";

    /// <summary>The runtime API's unix socket (admin level, mode 600: only the edge's own user and root can use it).</summary>
    public required string StatsSocketPath { get; init; }

    /// <summary>Port of the Prometheus exporter (<c>/metrics</c>) on 127.0.0.1; null leaves the exporter out.</summary>
    public int? PrometheusPort { get; init; }

    /// <summary>
    /// HAProxy's <c>server-state-file</c>: Slipway writes <c>show servers state</c> into it after every change, and HAProxy
    /// loads it on start, so a restarted edge comes back with the same slot addresses and the same active slot.
    /// </summary>
    public required string ServerStateFile { get; init; }

    /// <summary>
    /// The maintenance map (<see cref="MaintenancePage"/>): the page and its deadline, read by the edge on every request
    /// while maintenance is on; beside the server-state file unless set.
    /// </summary>
    public string MaintenanceMapFile
    {
        get => maintenanceMapFile ?? (ServerStateFile is { } state && state.LastIndexOf('/') is var slash and >= 0 ? state[..slash] + "/maintenance.map" : "/maintenance.map");
        init => maintenanceMapFile = value;
    }

    private readonly string? maintenanceMapFile;

    public EdgeTimeouts Timeouts { get; init; } = new();

    public EdgeHealthCheckSettings HealthCheck { get; init; } = new();

    /// <summary>The maintenance page's message when <c>Maintenance --on</c> gives none.</summary>
    public string MaintenanceMessage { get; init; } = "This service is down for maintenance. Please try again shortly.";

    /// <summary>The <c>Retry-After</c> sent with the maintenance page when maintenance has no deadline (whole seconds).</summary>
    public TimeSpan MaintenanceRetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether HAProxy writes one access-log line per request to its standard output (what <c>docker logs</c> shows).</summary>
    public bool AccessLog { get; init; } = true;

    /// <summary>
    /// Paths the public endpoint serves only to <see cref="InternalAllowedSources"/> (403 to anyone else), with everything
    /// below them: by default the service's metrics and its version and build. Lower case; requests match in any case and
    /// percent-decoded, as the service's router matches them. Health checks and the deploy's version probe reach the
    /// containers directly, not through the public endpoint.
    /// </summary>
    public IReadOnlyList<string> InternalPaths { get; init; } = ["/metrics", "/status"];

    /// <summary>Client addresses or networks that may request <see cref="InternalPaths"/> through the edge (a Prometheus server, say); empty: none.</summary>
    public IReadOnlyList<IPNetwork> InternalAllowedSources { get; init; } = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];

    /// <summary>Settings for an edge running in the edge image, with the image's fixed paths (<see cref="EdgeContainerLayout"/>).</summary>
    public static EdgeSettings ForContainer(string environment, IPEndPoint publicEndpoint) => new()
    {
        Environment = environment,
        PublicEndpoint = publicEndpoint,
        StatsSocketPath = EdgeContainerLayout.StatsSocket,
        ServerStateFile = EdgeContainerLayout.ServerStateFile,
        MaintenanceMapFile = EdgeContainerLayout.MaintenanceMap,
    };

    /// <summary>Throws a bad-input failure (exit 2) naming every problem, before anything is rendered or started.</summary>
    public void Validate()
    {
        var problems = Problems().ToList();
        if (problems.Count > 0)
        {
            throw BuildFailedException.BadInput(
                $"The edge settings for '{Environment}' are invalid:{System.Environment.NewLine}  - " +
                string.Join($"{System.Environment.NewLine}  - ", problems));
        }
    }

    private IEnumerable<string> Problems()
    {
        if (Environment is null || !EnvironmentName().IsMatch(Environment))
        {
            yield return $"Environment '{Environment}' must be 1-63 lower-case letters, digits or '-', starting with a letter or digit.";
        }

        if (PublicEndpoint is null)
        {
            yield return "PublicEndpoint is required (e.g. 0.0.0.0:8080).";
        }
        else if (PublicEndpoint.Port is < 1 or > IPEndPoint.MaxPort)
        {
            yield return $"PublicEndpoint port {PublicEndpoint.Port} must be between 1 and 65535.";
        }

        if (ReadinessPath is null || !ReadinessPathShape().IsMatch(ReadinessPath))
        {
            yield return $"ReadinessPath '{ReadinessPath}' must start with '/' and contain no spaces or control characters (e.g. /health).";
        }

        foreach (var problem in FilePathProblems(nameof(StatsSocketPath), StatsSocketPath))
        {
            yield return problem;
        }

        // The kernel limits a unix socket path to 108 bytes including the terminating zero.
        if (StatsSocketPath is not null && System.Text.Encoding.UTF8.GetByteCount(StatsSocketPath) > 107)
        {
            yield return $"StatsSocketPath is longer than the 107 bytes a unix socket path may have: '{StatsSocketPath}'.";
        }

        foreach (var problem in FilePathProblems(nameof(ServerStateFile), ServerStateFile))
        {
            yield return problem;
        }

        if (PrometheusPort is < 1 or > IPEndPoint.MaxPort)
        {
            yield return $"PrometheusPort {PrometheusPort} must be between 1 and 65535.";
        }

        if (PublicEndpoint is not null && PrometheusPort == PublicEndpoint.Port)
        {
            yield return "PublicEndpoint and PrometheusPort must use different ports.";
        }

        foreach (var (name, value) in (Timeouts ?? new EdgeTimeouts()).All)
        {
            if (!IsHaproxyDuration(value))
            {
                yield return $"Timeouts.{name} is {value}: it must be between 1 ms and 24 days.";
            }
        }

        var check = HealthCheck ?? new EdgeHealthCheckSettings();
        if (!IsHaproxyDuration(check.Interval) || !IsHaproxyDuration(check.Timeout))
        {
            yield return "HealthCheck.Interval and HealthCheck.Timeout must be between 1 ms and 24 days.";
        }

        if (check.Rise is < 1 or > 100)
        {
            yield return $"HealthCheck.Rise ({check.Rise}) must be between 1 and 100.";
        }

        if (check.Fall is < 1 or > EdgeHealthCheckSettings.MaxFall)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"HealthCheck.Fall ({check.Fall}) must be between 1 and {EdgeHealthCheckSettings.MaxFall}.");
        }

        if (MaintenancePage.MessageProblem(MaintenanceMessage) is not null)
        {
            yield return $"MaintenanceMessage must be one line of 1 to {MaintenancePage.MaxMessageLength} characters without control characters.";
        }

        foreach (var problem in FilePathProblems(nameof(MaintenanceMapFile), MaintenanceMapFile))
        {
            yield return problem;
        }

        if (MaintenanceRetryAfter < TimeSpan.Zero || MaintenanceRetryAfter.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            yield return $"MaintenanceRetryAfter ({MaintenanceRetryAfter}) must be a non-negative whole number of seconds.";
        }

        foreach (var path in (InternalPaths ?? []).Where(p => p is null || !InternalPathShape().IsMatch(p)))
        {
            yield return $"InternalPaths entry '{path}' must be a lower-case path such as /metrics: segments of letters, digits or -._~, no trailing '/'.";
        }
    }

    private static IEnumerable<string> FilePathProblems(string name, string? path)
    {
        if (string.IsNullOrEmpty(path) || !path.StartsWith('/'))
        {
            yield return $"{name} '{path}' must be an absolute path.";
        }
        else if (path.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            yield return $"{name} '{path}' must not contain spaces or control characters.";
        }
    }

    // HAProxy keeps times in milliseconds in a signed 32-bit integer.
    private static bool IsHaproxyDuration(TimeSpan value) =>
        value >= TimeSpan.FromMilliseconds(1) && value.TotalMilliseconds <= int.MaxValue;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex EnvironmentName();

    [GeneratedRegex(@"^/[\x21-\x7E]*$")]
    private static partial Regex ReadinessPathShape();

    // Also keeps every entry a plain HAProxy word: nothing to quote, escape or expand.
    [GeneratedRegex("^(/[a-z0-9._~-]+)+$")]
    private static partial Regex InternalPathShape();
}
