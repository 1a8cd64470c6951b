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
        var batch = CatalogSettingsReader.ReadWholeNumber(configuration, BatchSizeKey, BatchSizeKey, DefaultBatchSize, min: 1, MaxBatchSize,
            "rows per batch", $"for {DefaultBatchSize}", problems);
        var interval = CatalogSettingsReader.ReadSeconds(configuration, IntervalKey, IntervalKey, DefaultInterval, MaxInterval, "the rest between rounds", problems);
        CatalogSettingsReader.ThrowIfAny(problems);
        return new WorkerSettings(batch, interval);
    }
}
