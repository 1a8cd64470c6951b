namespace Slipway.Delivery.Tests.GitHub;

/// <summary>
/// Real time, but every timer fires after a millisecond: retry waits are recorded (so tests can check that retry-after
/// and x-ratelimit-reset were honoured) instead of being slept through.
/// </summary>
internal sealed class RecordingTimeProvider : TimeProvider
{
    private readonly Lock gate = new();
    private readonly List<TimeSpan> delays = [];

    public IReadOnlyList<TimeSpan> Delays
    {
        get
        {
            lock (gate)
            {
                return [.. delays];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            lock (gate)
            {
                delays.Add(dueTime);
            }
        }

        return System.CreateTimer(callback, state, TimeSpan.FromMilliseconds(1), period);
    }
}
