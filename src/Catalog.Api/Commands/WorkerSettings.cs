using System.Globalization;
using Catalog.Api.Configuration;

namespace Catalog.Api.Commands;

/// <summary>The <c>worker</c> command's settings, from its environment: how many rows a batch fills and how long it rests when none are left.</summary>
internal sealed record WorkerSettings(int BatchSize, TimeSpan Interval)
{
    public const string BatchSizeKey = "WORKER_BATCH_SIZE";
    public const string IntervalKey = "WORKER_INTERVAL_SECONDS";
    public const int DefaultBatchSize = 500;
    public const int MaxBatchSize = 10_000;
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxInterval = TimeSpan.FromHours(1);

    /// <summary>The settings, or <see cref="InvalidConfigurationException"/> naming every bad value and its fix.</summary>
    public static WorkerSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        var batch = DefaultBatchSize;
        if (configuration[BatchSizeKey] is { Length: > 0 } batchText
            && !(int.TryParse(batchText, NumberStyles.None, CultureInfo.InvariantCulture, out batch) && batch is >= 1 and <= MaxBatchSize))
        {
            problems.Add($"{BatchSizeKey} must be a whole number from 1 to {MaxBatchSize} (rows per batch), but is '{batchText}'; unset it for {DefaultBatchSize}.");
        }

        var interval = DefaultInterval;
        if (configuration[IntervalKey] is { Length: > 0 } intervalText)
        {
            if (double.TryParse(intervalText, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds <= MaxInterval.TotalSeconds)
            {
                interval = TimeSpan.FromSeconds(seconds);
            }
            else
            {
                problems.Add($"{IntervalKey} must be a number of seconds above 0 and at most {MaxInterval.TotalSeconds:0} (the rest between rounds), " +
                    $"but is '{intervalText}'; unset it for {DefaultInterval.TotalSeconds:0}.");
            }
        }

        return problems.Count == 0
            ? new WorkerSettings(batch, interval)
            : throw new InvalidConfigurationException(string.Join(Environment.NewLine, problems)) { Problems = problems };
    }
}
