using System.Text.RegularExpressions;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// A role besides the web role behind the edge (Kamal's roles; seed 002's Celery workers and Beat scheduler): the same
/// image as the deployed version with another command, taking no HTTP traffic and never joining the edge. A deploy starts
/// the new version's role containers after the web switch, gates them on their health and stops the previous ones with
/// <see cref="StopGracePeriod"/>; a role that fails its health rolls the whole version back (exit 11).
/// </summary>
public sealed partial record DeployRole
{
    /// <summary>Lower-case name (<c>worker</c>, <c>scheduler</c>): on the containers' names and their <c>slipway.role</c> label.</summary>
    public required string Name { get; init; }

    /// <summary>Arguments after the image's entrypoint (<c>["worker"]</c> runs <c>Catalog.Api worker</c>); never empty.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>Replaces the image's entrypoint (<c>docker run --entrypoint</c>); null keeps it.</summary>
    public string? Entrypoint { get; init; }

    /// <summary>Containers of the role (1 to 8); a <see cref="Singleton"/> has exactly one.</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>
    /// Never two at once (a scheduler such as Celery Beat): a deploy stops the previous one before it starts the new one
    /// (stop-first), where a worker's new containers start before the old ones stop (start-first).
    /// </summary>
    public bool Singleton { get; init; }

    /// <summary>How long a stopping container may finish its in-flight jobs after SIGTERM before it is killed (<c>docker stop -t</c>).</summary>
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The role's health is the image's own container HEALTHCHECK (it must become <c>healthy</c> within the environment's
    /// DeployTimeout). False (the default): the image's health check is switched off for the role — it usually probes the
    /// web port, which a worker does not serve — and the role is healthy when it stays up, unrestarted, for <see cref="SettleTime"/>.
    /// </summary>
    public bool UseImageHealthCheck { get; init; }

    /// <summary>How long a role without a health check must stay up (not exited, not restarted) to count as healthy.</summary>
    public TimeSpan SettleTime { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// False for a singleton on a host of several that is not the primary (<see cref="DeployEnvironment.PerHost"/>): it
    /// runs on the primary only, and such a host only stops one it still runs from when it was the primary, or alone.
    /// </summary>
    internal bool RunsHere { get; init; } = true;

    /// <summary>Extra variables for the role's containers, besides the environment's AppEnvironment (passed the same way, never in arguments).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>What the role's containers or tasks get: the app's environment with the role's own variables over it (the role's win).</summary>
    internal IReadOnlyDictionary<string, string> VariablesOver(IReadOnlyDictionary<string, string> appEnvironment)
    {
        ArgumentNullException.ThrowIfNull(appEnvironment);
        var variables = new Dictionary<string, string>(appEnvironment, StringComparer.Ordinal);
        foreach (var (name, value) in Environment)
        {
            variables[name] = value;
        }

        return variables;
    }

    /// <summary>What is wrong with the declaration, each naming the fix; empty when it is valid.</summary>
    public IEnumerable<string> Problems()
    {
        var name = Name ?? "(null)";
        if (Name is null || !RoleName().IsMatch(Name))
        {
            yield return $"Role name '{name}' must be 1-20 lower-case letters, digits or '-', starting with a letter (e.g. worker).";
        }
        else if (Name is DeployLabels.AppRole or "web" or "edge")
        {
            yield return $"Role name '{Name}' is reserved for the web role behind the edge; name the role after what it does (worker, scheduler).";
        }

        if (Command is null || Command.Count == 0 || Command.Any(string.IsNullOrEmpty))
        {
            yield return $"Role '{name}': Command must hold the arguments that start it from the image, e.g. [\"worker\"].";
        }

        if (Singleton && Replicas != 1)
        {
            yield return $"Role '{name}' is a Singleton with Replicas = {Replicas}: a singleton runs exactly one container; set Replicas = 1 or Singleton = false.";
        }
        else if (Replicas is < 1 or > MaxReplicas)
        {
            yield return $"Role '{name}': Replicas ({Replicas}) must be between 1 and {MaxReplicas}.";
        }

        if (StopGracePeriod < TimeSpan.Zero || StopGracePeriod > TimeSpan.FromMinutes(10))
        {
            yield return $"Role '{name}': StopGracePeriod ({StopGracePeriod}) must be between 0 and 10 minutes.";
        }

        if (!UseImageHealthCheck && (SettleTime < TimeSpan.FromMilliseconds(500) || SettleTime > TimeSpan.FromMinutes(5)))
        {
            yield return $"Role '{name}': SettleTime ({SettleTime}) must be between 0.5 s and 5 minutes (or set UseImageHealthCheck).";
        }

        foreach (var variable in (Environment ?? new Dictionary<string, string>()).Keys.Where(k => !VariableName().IsMatch(k)))
        {
            yield return $"Role '{name}': Environment variable '{variable}' is not a valid environment variable name.";
        }
    }

    /// <summary>Most containers one role may run on a host.</summary>
    public const int MaxReplicas = 8;

    [GeneratedRegex("^[a-z][a-z0-9-]{0,19}$")]
    private static partial Regex RoleName();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.]*$")]
    private static partial Regex VariableName();
}
