using Slipway.Delivery.Deploy;
using Slipway.Engine;

namespace Slipway.Delivery.Notifications;

/// <summary>The events of a deploy, a rollback and a release, from their outcomes (pure).</summary>
internal static class DeliveryEvents
{
    public static DeliveryEvent Started(string environment, DeployImage image, string who, string? runUrl) =>
        new(DeliveryEventKind.DeployStarted, environment, image.Version ?? image.Digest, $"Deploying {image.Reference} to {environment}")
        {
            Digest = image.Digest,
            Who = who,
            RunUrl = runUrl,
        };

    /// <summary>A deploy or rollback that finished, from its record.</summary>
    public static DeliveryEvent Finished(DeliveryEventKind kind, DeployRecord record, string summary) =>
        new(kind, record.Environment, record.Version, summary)
        {
            Digest = record.Digest,
            PreviousVersion = record.PreviousVersion,
            Who = record.Who,
            Duration = Duration(record),
            RecordId = record.Id,
            RunUrl = record.CiRunUrl,
        };

    /// <summary>A rollback's own figure (until the old version served again), else the record's start to its end.</summary>
    private static TimeSpan? Duration(DeployRecord? record) =>
        record?.DurationMs is { } ms ? TimeSpan.FromMilliseconds(ms) : record?.Finished - record?.Started;

    /// <summary>
    /// A deploy that failed: what its exit code says happened (10 aborted, 11 rolled back, 12 locked), with the figures
    /// of its record in the deploy log when it got that far (a locked deploy has none).
    /// </summary>
    public static DeliveryEvent Failed(string environment, DeployImage image, BuildFailedException failure, string who, string? runUrl, DeployRecord? record) =>
        new(failure.ExitCode switch
        {
            ExitCodes.RolledBack => DeliveryEventKind.RolledBackAutomatically,
            ExitCodes.EnvironmentLocked => DeliveryEventKind.Locked,
            _ => DeliveryEventKind.DeployAborted,
        }, environment, record?.Version ?? image.Version ?? image.Digest, failure.Message)
        {
            Digest = image.Digest,
            PreviousVersion = record?.PreviousVersion,
            Who = who,
            Duration = Duration(record),
            RecordId = record?.Id,
            ExitCode = failure.ExitCode,
            RunUrl = runUrl,
        };
}
