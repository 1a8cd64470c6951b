using System.Collections.Concurrent;
using System.Net;

namespace Slipway.Delivery.Tests.Edge;

/// <summary>
/// Continuous GET load from several keep-alive connections, counting every request: which version answered, and each
/// failure (exception or non-200) with its reason. Stands in for a user population during a switch.
/// </summary>
internal sealed class LoadGenerator : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly HttpClient client;
    private readonly Task[] workers;
    private readonly ConcurrentDictionary<string, int> answers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> failures = new();
    private int total;

    public LoadGenerator(Uri target, int concurrency = 8)
    {
        client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = target,
            Timeout = TimeSpan.FromSeconds(10),
        };
        workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(RunAsync)).ToArray();
    }

    public int Total => Volatile.Read(ref total);

    public IReadOnlyDictionary<string, int> Answers => answers;

    public IReadOnlyCollection<string> Failures => failures;

    /// <summary>Waits until at least <paramref name="count"/> more requests have completed (the load is really flowing).</summary>
    public async Task WaitForRequestsAsync(int count)
    {
        var target = Total + count;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Total < target && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.That(Total, Is.GreaterThanOrEqualTo(target), "The load generator stalled.");
    }

    /// <summary>Waits until <paramref name="version"/> has answered at least <paramref name="count"/> requests.</summary>
    public async Task WaitForAnswersAsync(string version, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (answers.GetValueOrDefault(version) < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.That(answers.GetValueOrDefault(version), Is.GreaterThanOrEqualTo(count), $"{version} never answered {count} requests under load.");
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

    private async Task RunAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await client.GetAsync(new Uri("/", UriKind.Relative), CancellationToken.None);
                var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    answers.AddOrUpdate(body, 1, (_, n) => n + 1);
                }
                else
                {
                    failures.Enqueue($"{(int)response.StatusCode}: {body}");
                }
            }
            catch (HttpRequestException exception)
            {
                failures.Enqueue(exception.Message);
            }
            catch (TaskCanceledException exception)
            {
                failures.Enqueue("timeout: " + exception.Message);
            }

            Interlocked.Increment(ref total);
        }
    }
}
