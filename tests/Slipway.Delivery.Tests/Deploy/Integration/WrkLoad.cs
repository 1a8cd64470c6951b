using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Deploy.Integration;

/// <summary>
/// wrk (2 threads, 20 connections unless told) running until stopped: started through sh so its pid is known, stopped with SIGINT,
/// on which wrk prints its usual report — requests, non-2xx/3xx responses, socket errors. Paced by default: each
/// connection waits <see cref="TestPace"/> before its next request (a wrk Lua <c>delay()</c>), so 20 connections make at
/// most 1,000 requests a second — steady load with requests in flight through every switch, without taking the two
/// shared cores from the deploy under test; <see cref="Saturating"/> (the benchmarks) sends as fast as answers come.
/// </summary>
/// <remarks>
/// wrk counts as a "timeout" a response that arrived later than <c>--timeout</c>; it never abandons the request (a server
/// answering 200 after 3 s gives "timeout 4" for four complete 200s at the 2 s default). That default measured how saturated
/// a shared two-core CI runner was while two environments and the build processes deploying them shared it, not whether a
/// deploy dropped a request; 30 s counts only a request stuck behind a switch. A dropped or refused connection is a read or
/// connect error whatever the timeout, and a 502/503 a non-2xx response.
/// </remarks>
internal sealed class WrkLoad
{
    public static readonly TimeSpan TestPace = TimeSpan.FromMilliseconds(20);

    public static readonly TimeSpan Saturating = TimeSpan.Zero;

    private readonly string pidFile = Path.Combine(Path.GetTempPath(), $"slipway-wrk-{Guid.NewGuid():N}.pid");
    private readonly string? script;
    private readonly Task<ToolResult> run;

    /// <param name="url">What every request asks for.</param>
    /// <param name="connections">Open connections (20 by default; fewer where one test loads two environments at once on a small runner).</param>
    /// <param name="pace">How long each connection waits before its next request: <see cref="TestPace"/> unless told; <see cref="Saturating"/> for none.</param>
    public WrkLoad(Uri url, int connections = 20, TimeSpan? pace = null)
    {
        var delay = (long)(pace ?? TestPace).TotalMilliseconds;
        if (delay > 0)
        {
            script = Path.Combine(Path.GetTempPath(), $"slipway-wrk-{Guid.NewGuid():N}.lua");
            File.WriteAllText(script, $"function delay()\n  return {delay.ToString(System.Globalization.CultureInfo.InvariantCulture)}\nend\n");
        }

        run = ToolRunner.RunAsync(new ToolInvocation("sh", "-c", "echo $$ > \"$1\"; exec wrk -t2 -c\"$3\" -d600s --timeout 30s --latency ${4:+-s \"$4\"} \"$2\"", "wrk", pidFile, url.ToString(),
            connections.ToString(System.Globalization.CultureInfo.InvariantCulture), script ?? string.Empty)
        {
            LogOutput = false,
            Timeout = TimeSpan.FromMinutes(11),
        });
    }

    /// <summary>
    /// <paramref name="operation"/> under wrk on <paramref name="url"/>, the load kept on through <paramref name="settle"/>
    /// (until the new version answers, say, so requests to a replaced server still draining count too); wrk is stopped
    /// whatever happens.
    /// </summary>
    public static async Task<(T Result, TSettled Settled, WrkReport Load)> DuringAsync<T, TSettled>(Uri url, Func<Task<T>> operation, Func<Task<TSettled>> settle, TimeSpan? pace = null)
    {
        var load = new WrkLoad(url, pace: pace);
        await load.WaitUntilRunningAsync();
        T result;
        TSettled settled;
        try
        {
            result = await operation();
            settled = await settle();
        }
        catch
        {
            await load.StopAsync();
            throw;
        }

        return (result, settled, await load.StopAsync());
    }

    public async Task WaitUntilRunningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!File.Exists(pidFile) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.That(File.Exists(pidFile), Is.True, "wrk did not start: run .ci/provision-edge.sh (installs wrk)");
        await Task.Delay(500);
    }

    public async Task<WrkReport> StopAsync()
    {
        var pid = (await File.ReadAllTextAsync(pidFile)).Trim();
        (await ToolRunner.RunAsync(new ToolInvocation("kill", "-INT", pid) { LogOutput = false })).EnsureSuccess();
        var result = await run;
        File.Delete(pidFile);
        if (script is not null)
        {
            File.Delete(script);
        }

        return WrkReport.Parse(result.StandardOutput + result.StandardError);
    }
}
