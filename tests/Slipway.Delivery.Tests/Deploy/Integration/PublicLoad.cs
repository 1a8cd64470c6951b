using System.Collections.Concurrent;
using System.Diagnostics;

namespace Slipway.Delivery.Tests.Deploy.Integration;

/// <summary>
/// Continuous GETs through an environment's public endpoint from several keep-alive connections, keeping every answer
/// with its time: which version answered (the stand-in's body is its version) and every failure.
/// </summary>
internal sealed class PublicLoad : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly HttpClient client;
    private readonly Task[] workers;
    private readonly Stopwatch clock = Stopwatch.StartNew();

    public PublicLoad(Uri target, int concurrency = 4)
    {
        client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = target, Timeout = TimeSpan.FromSeconds(10) };
        workers = [.. Enumerable.Range(0, concurrency).Select(_ => Task.Run(RunAsync))];
    }

    public ConcurrentQueue<(TimeSpan At, int Status, string Body)> Answers { get; } = new();

    public IEnumerable<(TimeSpan At, int Status, string Body)> Failures => Answers.Where(a => a.Status != 200);

    public async Task WaitForAsync(string body, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Answers.Count(a => a.Status == 200 && a.Body == body) < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.That(Answers.Count(a => a.Status == 200 && a.Body == body), Is.GreaterThanOrEqualTo(count), $"'{body}' never answered {count} requests");
    }

    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(workers);
    }

    public async ValueTask DisposeAsync()
    {
        if (!stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        client.Dispose();
        stop.Dispose();
    }

    public string Describe() =>
        $"{Answers.Count} requests: " + string.Join(", ", Answers.GroupBy(a => $"{a.Status} {a.Body}").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} x{g.Count()}"));

    private async Task RunAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await client.GetAsync(new Uri("/", UriKind.Relative), CancellationToken.None);
                Answers.Enqueue((clock.Elapsed, (int)response.StatusCode, await response.Content.ReadAsStringAsync(CancellationToken.None)));
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                Answers.Enqueue((clock.Elapsed, 0, exception.Message));
            }
        }
    }
}
