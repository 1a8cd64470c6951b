using System.Globalization;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// The four DORA figures of one environment over a period, computed from its deploy log alone:
/// deployment frequency (deploys that went live), lead time (image built → live; the log knows build times, not
/// commit times, so this is build-to-live, said so in its name), change failure rate (deploys rolled back, automatically
/// or by a later Rollback) and time to restore (how long a failed version served before the previous one was back).
/// </summary>
internal sealed record DoraMetrics
{
    public required string Environment { get; init; }

    public required TimeSpan Period { get; init; }

    public required int Deploys { get; init; }

    public required int FailedDeploys { get; init; }

    public double DeploysPerDay => Deploys / Math.Max(1, Period.TotalDays);

    public double? ChangeFailureRate => Deploys + FailedDeploys == 0 ? null : (double)FailedDeploys / (Deploys + FailedDeploys);

    public TimeSpan? MedianBuildToLive { get; init; }

    public TimeSpan? MedianTimeToRestore { get; init; }

    public static DoraMetrics Compute(string environment, IReadOnlyList<DeployRecord> records, DateTimeOffset now, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(records);
        var since = now - period;
        var deploys = records.Where(r => r.Kind == DeployKind.Deploy && r.Environment == environment && r.Started >= since).ToList();
        var rollbacks = records.Where(r => r.Kind == DeployKind.Rollback && r.MadeLive && r.RollbackOf is not null).ToList();
        var wentLive = deploys.Where(r => r.Result is DeployResults.Succeeded or DeployResults.RolledBack).ToList();
        var manuallyRolledBack = wentLive.Where(r => r.Result == DeployResults.Succeeded && rollbacks.Any(b => b.RollbackOf == r.Id)).ToList();
        var failed = wentLive.Count(r => r.Result == DeployResults.RolledBack) + manuallyRolledBack.Count;

        var restores = new List<TimeSpan>();
        foreach (var deploy in wentLive.Where(r => r.Result == DeployResults.RolledBack && r.Switched is not null && r.Finished is not null))
        {
            restores.Add(deploy.Finished!.Value - deploy.Switched!.Value);
        }

        foreach (var deploy in manuallyRolledBack.Where(r => r.Switched is not null))
        {
            var rollback = rollbacks.First(b => b.RollbackOf == deploy.Id);
            if (rollback.Switched is { } restored)
            {
                restores.Add(restored - deploy.Switched!.Value);
            }
        }

        var leadTimes = wentLive.Where(r => r.Result == DeployResults.Succeeded && r.ImageCreated is not null && r.Switched is not null)
            .Select(r => r.Switched!.Value - r.ImageCreated!.Value)
            .ToList();
        return new DoraMetrics
        {
            Environment = environment,
            Period = period,
            Deploys = wentLive.Count(r => r.Result == DeployResults.Succeeded) - manuallyRolledBack.Count,
            FailedDeploys = failed,
            MedianBuildToLive = Median(leadTimes),
            MedianTimeToRestore = Median(restores),
        };
    }

    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture,
            $"DORA ({Environment}, last {Period.TotalDays:0} days): {Deploys + FailedDeploys} deploys live ({DeploysPerDay:0.##}/day), " +
            $"change failure rate {(ChangeFailureRate is { } rate ? $"{100 * rate:0} %" : "n/a")}, " +
            $"median build-to-live {Format(MedianBuildToLive)}, median time to restore {Format(MedianTimeToRestore)}");

    private static string Format(TimeSpan? value) => value switch
    {
        null => "n/a",
        { TotalMinutes: < 2 } v => string.Create(CultureInfo.InvariantCulture, $"{v.TotalSeconds:0.#} s"),
        { TotalHours: < 2 } v => string.Create(CultureInfo.InvariantCulture, $"{v.TotalMinutes:0} min"),
        var v => string.Create(CultureInfo.InvariantCulture, $"{v.Value.TotalHours:0.#} h"),
    };

    private static TimeSpan? Median(List<TimeSpan> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }
}
