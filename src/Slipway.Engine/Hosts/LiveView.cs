namespace Slipway.Engine.Hosts;

/// <summary>
/// The one status line a terminal shows under the log while targets run: each running target with its elapsed time
/// and, when an earlier run took a known time, that estimate; how many are done; and an ETA. The ETA assumes what is
/// left runs as wide as <c>--parallel</c> allows: the longest remaining running target, plus the waiting targets'
/// estimates shared among the slots. Pure (time is passed in), so it is tested without a terminal.
/// </summary>
internal sealed class LiveView(IReadOnlyList<ExecutableTarget> planned, IReadOnlyDictionary<string, TimeSpan> estimates, int parallelism)
{
    private readonly Dictionary<ExecutableTarget, TimeSpan> started = [];
    private readonly HashSet<ExecutableTarget> finished = [];
    private readonly Dictionary<ExecutableTarget, string> progress = [];
    private readonly Lock gate = new();

    public void Start(ExecutableTarget target, TimeSpan at)
    {
        lock (gate)
        {
            started[target] = at;
        }
    }

    public void Finish(ExecutableTarget target)
    {
        lock (gate)
        {
            started.Remove(target);
            progress.Remove(target);
            finished.Add(target);
        }
    }

    /// <summary>Where a running target is inside a long step (<see cref="BuildProgress"/>), shown after its time until it finishes.</summary>
    public void Progress(ExecutableTarget target, string text)
    {
        lock (gate)
        {
            if (started.ContainsKey(target))
            {
                progress[target] = text;
            }
        }
    }

    public string Render(TimeSpan now)
    {
        lock (gate)
        {
            var running = started.OrderBy(s => s.Value).Select(s =>
            {
                var elapsed = now - s.Value;
                var where = progress.TryGetValue(s.Key, out var step) ? $" ({step})" : string.Empty;
                return estimates.TryGetValue(s.Key.Name, out var estimate)
                    ? $"{s.Key.Name} {BuildSummary.FormatDuration(elapsed)}/~{BuildSummary.FormatDuration(estimate)}{where}"
                    : $"{s.Key.Name} {BuildSummary.FormatDuration(elapsed)}{where}";
            });
            var total = planned.Count(t => t.Status != TargetStatus.Skipped);
            var eta = Eta(now);
            var doing = started.Count > 0 ? string.Join(" · ", running) : finished.Count == 0 ? "starting" : "waiting";
            return $"▶ {doing}  [{finished.Count}/{total} done{(eta is { } e ? $", ETA ~{BuildSummary.FormatDuration(e)}" : string.Empty)}]";
        }
    }

    /// <summary>Null when a target still to finish has never run before: no honest estimate exists.</summary>
    public TimeSpan? Eta(TimeSpan now)
    {
        lock (gate)
        {
            var remainingRunning = TimeSpan.Zero;
            foreach (var (target, at) in started)
            {
                if (!estimates.TryGetValue(target.Name, out var estimate))
                {
                    return null;
                }

                var left = estimate - (now - at);
                remainingRunning = left > remainingRunning ? left : remainingRunning;
            }

            var waiting = planned.Where(t => t.Status == TargetStatus.Pending && !started.ContainsKey(t) && !finished.Contains(t)).ToList();
            if (waiting.Any(t => t.HasActions && !estimates.ContainsKey(t.Name)))
            {
                return null;
            }

            var waitingWork = waiting.Aggregate(TimeSpan.Zero, (sum, t) => sum + estimates.GetValueOrDefault(t.Name));
            return remainingRunning + waitingWork / Math.Max(1, parallelism);
        }
    }
}
