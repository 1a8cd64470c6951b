using Serilog;

namespace Slipway.Engine.Caching;

/// <summary>
/// Runs a <see cref="CachedStep"/> unless an earlier successful run with the same key is stored, in which case its
/// outputs are put back instead — the target cache's store and rules (content hashes, a damaged entry is a miss with a
/// warning, a failure is never stored), one level down. With <c>--no-cache</c> every step runs.
/// </summary>
public sealed class StepCache
{
    private readonly TargetCache? cache;

    internal StepCache(TargetCache? cache) => this.cache = cache;

    /// <summary>Every step runs: <c>--no-cache</c>, or a context outside a build run.</summary>
    public static StepCache Disabled { get; } = new(null);

    /// <summary>
    /// Restores the step's outputs from an earlier successful run with the same inputs and returns true; otherwise runs
    /// <paramref name="run"/>, stores the outputs when it reports success, and returns false.
    /// </summary>
    public async Task<bool> RunAsync(CachedStep step, Func<Task<bool>> run)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(run);
        if (cache is null)
        {
            await run();
            return false;
        }

        var name = "step " + step.Name;
        var key = CacheKeys.Compute(step, cache.Root);
        if (cache.Find(name, key) is { } entry && cache.Restore(name, entry) is not null)
        {
            Log.Information("{Step}: up to date (cached from run {Run}, {Created:u})", step.Name, entry.RunId, entry.CreatedUtc);
            return true;
        }

        if (await run())
        {
            cache.Store(name, key, step.Outputs, []);
        }

        return false;
    }
}
