using System.Diagnostics;

namespace Slipway.Delivery.Tests.Remote;

/// <summary>
/// Progress lines of the fixtures on namespaced engines (several hosts, Swarm), each tagged with its fixture, and the
/// duration of a step — the figures docs/deploy.md reports come from these lines.
/// </summary>
internal sealed class TimedProgress(string tag)
{
    public void Write(string line) => TestContext.Progress.WriteLine($"[{tag}] {line}");

    public async Task<T> TimeAsync<T>(string what, Func<Task<T>> action)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            return await action();
        }
        finally
        {
            Write($"{what}: {watch.Elapsed.TotalSeconds:0.0} s");
        }
    }
}
