using System.Collections.Concurrent;
using System.Diagnostics;
using NUnit.Framework;

namespace Slipway.Testing;

/// <summary>
/// Continuous GETs of one URL from several keep-alive connections, standing in for a user population while traffic
/// switches between versions (the stand-in upstreams answer their version as the body). Every request is kept with its
/// time, status and body, so a test can count what each version served, see when errors happened, and prove that none
/// failed. The load runs until <see cref="StopAsync"/> or disposal. It keeps no cookies: every request is a new user to
/// the edge, so a canary's split shows in the shares instead of every request sticking to the first version seen.
/// </summary>
public sealed class HttpLoadGenerator : IAsyncDisposable
{
    public const int DefaultConcurrency = 8;

    /// <summary>
    /// How long each connection waits after an answer before its next request: a steady load (at most 200 requests a
    /// second per connection) rather than as many as two shared cores can make. Every switch still happens with requests
    /// in flight on every connection; what saturation added was CPU taken from the deploy and edge under test, which made
    /// the suite slower, not the check stricter.
    /// </summary>
    public static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(5);

    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    private readonly Uri target;
    private readonly CancellationTokenSource stop = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly HttpClient client;
    private readonly Task[] workers;
    private readonly ConcurrentQueue<LoadAnswer> answers = new();
    private readonly ConcurrentQueue<LoadAnswer> failures = new();
    private readonly ConcurrentDictionary<string, int> versions = new(StringComparer.Ordinal);
    private int total;

    /// <param name="target">The URL every request GETs.</param>
    /// <param name="concurrency">Connections, each with one request in flight at a time.</param>
    public HttpLoadGenerator(Uri target, int concurrency = DefaultConcurrency)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        this.target = target;
        client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(10) };
        workers = [.. Enumerable.Range(0, concurrency).Select(_ => Task.Run(RunAsync))];
    }

    /// <summary>When the load started: <see cref="LoadAnswer.At"/> counts from here.</summary>
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>Requests completed so far, answered or failed.</summary>
    public int Total => Volatile.Read(ref total);

    /// <summary>Every completed request, in the order they completed (a snapshot when enumerated).</summary>
    public IReadOnlyCollection<LoadAnswer> Answers => answers;

    /// <summary>Every request that got anything but a 200: non-2xx statuses and socket errors (status 0).</summary>
    public IReadOnlyCollection<LoadAnswer> Failures => failures;

    /// <summary>How many 200s each body (the version that answered) got.</summary>
    public IReadOnlyDictionary<string, int> Versions => versions;

    /// <summary>Waits until <paramref name="version"/> has answered at least <paramref name="count"/> requests in all (with a 200); fails the test after 30 s.</summary>
    public async Task WaitForAnswersAsync(string version, int count)
    {
        var deadline = DateTime.UtcNow + WaitLimit;
        while (versions.GetValueOrDefault(version) < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.That(versions.GetValueOrDefault(version), Is.GreaterThanOrEqualTo(count), () => $"'{version}' never answered {count} requests under load. {Describe()}");
    }

    /// <summary>Waits until at least <paramref name="count"/> more requests have completed (the load is really flowing); fails the test after 30 s.</summary>
    public async Task WaitForRequestsAsync(int count)
    {
        var goal = Total + count;
        var deadline = DateTime.UtcNow + WaitLimit;
        while (Total < goal && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.That(Total, Is.GreaterThanOrEqualTo(goal), () => $"The load stalled. {Describe()}");
    }

    /// <summary>Stops sending and waits for the requests in flight.</summary>
    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(workers);
    }

    /// <summary>A one-line summary for the test log: the total, then how often each status and body came back.</summary>
    public string Describe() =>
        $"{answers.Count} requests: " + string.Join(", ", answers
            .GroupBy(a => $"{a.Status} {a.Body}", StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} x{g.Count()}"));

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
            // Requests are never cancelled by the stop: one in flight finishes, so none is counted as failed by the test's own hand.
            LoadAnswer answer;
            try
            {
                using var response = await client.GetAsync(target, CancellationToken.None);
                var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                answer = new LoadAnswer(clock.Elapsed, (int)response.StatusCode, body);
            }
            catch (TaskCanceledException exception)
            {
                answer = new LoadAnswer(clock.Elapsed, 0, "timeout: " + exception.Message);
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException)
            {
                answer = new LoadAnswer(clock.Elapsed, 0, exception.Message);
            }

            Record(answer);
            try
            {
                await Task.Delay(Pace, stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Stopped between two requests.
            }
        }
    }

    private void Record(LoadAnswer answer)
    {
        answers.Enqueue(answer);
        if (answer.IsSuccess)
        {
            versions.AddOrUpdate(answer.Body, 1, (_, n) => n + 1);
        }
        else
        {
            failures.Enqueue(answer);
        }

        Interlocked.Increment(ref total);
    }
}
