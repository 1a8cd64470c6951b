using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Deploy.Integration;

/// <summary>
/// wrk (2 threads, 20 connections unless told) running until stopped: started through sh so its pid is known, stopped with SIGINT,
/// on which wrk prints its usual report — requests, non-2xx/3xx responses, socket errors.
/// </summary>
internal sealed class WrkLoad
{
    private readonly string pidFile = Path.Combine(Path.GetTempPath(), $"slipway-wrk-{Guid.NewGuid():N}.pid");
    private readonly Task<ToolResult> run;

    /// <param name="url">What every request asks for.</param>
    /// <param name="connections">Open connections (20 by default; fewer where one test loads two environments at once on a small runner).</param>
    public WrkLoad(Uri url, int connections = 20)
    {
        run = ToolRunner.RunAsync(new ToolInvocation("sh", "-c", "echo $$ > \"$1\"; exec wrk -t2 -c\"$3\" -d600s --latency \"$2\"", "wrk", pidFile, url.ToString(),
            connections.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            LogOutput = false,
            Timeout = TimeSpan.FromMinutes(11),
        });
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
        return WrkReport.Parse(result.StandardOutput + result.StandardError);
    }
}
