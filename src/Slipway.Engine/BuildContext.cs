using Slipway.Engine.Hosts;
using Slipway.Engine.IO;
using Slipway.Engine.Parameters;

namespace Slipway.Engine;

/// <summary>
/// What a running build knows about its surroundings: the repository root, the host, the parameters and the
/// environment it was started with. Stages read the environment from here, not from the process, so tests can set it.
/// </summary>
public sealed class BuildContext(AbsolutePath rootDirectory, BuildHost host, IReadOnlyDictionary<string, string> environment)
{
    private readonly Dictionary<string, object?> memo = new(StringComparer.Ordinal);

    public AbsolutePath RootDirectory { get; } = rootDirectory;

    public BuildHost Host { get; } = host;

    public IReadOnlyDictionary<string, string> Environment { get; } = environment;

    public ParameterValues Parameters { get; internal set; } = new();

    public Verbosity Verbosity { get; internal set; } = Verbosity.Normal;

    /// <summary>Caches parts of a target on their own inputs (one test project of Test); runs every step under <c>--no-cache</c>.</summary>
    public Caching.StepCache Steps { get; internal set; } = Caching.StepCache.Disabled;

    public TargetGraph? Graph { get; internal set; }

    /// <summary>How many things a run may do at once (<c>--parallel N</c>, the processor count by default); a target that
    /// fans out on its own (Test's projects) honours it, so <c>--parallel 1</c> keeps everything one at a time.</summary>
    public int Parallelism { get; internal set; } = 1;

    /// <summary>
    /// The targets this run was asked for (the default target when none was named), known before any condition is
    /// evaluated: a static condition may depend on them (<c>OnlyWhenStatic(() =&gt; !Context.InvokedTargets.Contains("Demo"))</c>).
    /// </summary>
    public IReadOnlyList<string> InvokedTargets { get; internal set; } = [];

    public bool IsServerBuild => Host is GitHubActionsHost
        || string.Equals(Environment.GetValueOrDefault("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public string? GetEnvironmentVariable(string name) => Environment.GetValueOrDefault(name);

    /// <summary>
    /// Computes a value once per run. Components are interfaces and cannot hold fields; what they compute once (the
    /// version from git, the image record) is kept here.
    /// </summary>
    public T Memoize<T>(string key, Func<T> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        lock (memo)
        {
            if (memo.TryGetValue(key, out var existing))
            {
                return (T)existing!;
            }

            var value = factory();
            memo[key] = value;
            return value;
        }
    }
}
