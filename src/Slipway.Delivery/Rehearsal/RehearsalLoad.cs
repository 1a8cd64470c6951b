using System.Diagnostics;

namespace Slipway.Delivery.Rehearsal;

/// <summary>
/// A few users GETting the environment's public endpoint throughout a rehearsal, so its report says what a user saw
/// while versions switched and rolled back: every request counted, every failure (a status other than 2xx, or no
/// answer) kept with its time. Bounded: it sends only until stopped, one request in flight per worker, to the address
/// the environment declares.
/// </summary>
internal sealed class RehearsalLoad : IAsyncDisposable
{
    private readonly HttpClient client;
    private readonly CancellationTokenSource stop = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Task[] workers;
    private readonly Lock gate = new();
    private readonly List<(TimeSpan At, string What)> failures = [];
    private int requests;

    public RehearsalLoad(Uri target, int users = 4)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfLessThan(users, 1);
        // No cookies: each request is a new user to the edge, as a canary's split counts them.
        client = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = users }) { Timeout = TimeSpan.FromSeconds(10) };
        workers = [.. Enumerable.Range(0, users).Select(_ => Task.Run(() => SendAsync(target)))];
    }

    /// <summary>Requests completed so far.</summary>
    public int Requests => Volatile.Read(ref requests);

    /// <summary>Time since the load started, the clock of <see cref="Failures"/>.</summary>
    public TimeSpan Elapsed => clock.Elapsed;

    /// <summary>The failed requests so far: when, and what came back.</summary>
    public IReadOnlyList<(TimeSpan At, string What)> Failures
    {
        get
        {
            lock (gate)
            {
                return [.. failures];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        client.Dispose();
        stop.Dispose();
    }

    private async Task SendAsync(Uri target)
    {
        while (!stop.IsCancellationRequested)
        {
            string? failure;
            try
            {
                // Never cancelled by the stop: a request in flight finishes, so the rehearsal's end fails none.
                using var response = await client.GetAsync(target, CancellationToken.None);
                failure = response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException or TaskCanceledException)
            {
                failure = exception.Message;
            }

            if (failure is not null)
            {
                lock (gate)
                {
                    failures.Add((clock.Elapsed, failure));
                }
            }

            Interlocked.Increment(ref requests);
        }
    }
}
