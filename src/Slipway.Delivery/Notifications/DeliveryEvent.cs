using System.Globalization;

namespace Slipway.Delivery.Notifications;

/// <summary>One thing that happened to an environment or a release, as every channel reports it.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Environment">The environment, or null for a release or a CI run.</param>
/// <param name="Version">The version deployed, rolled back to or released.</param>
/// <param name="Summary">One line a person reads first, e.g. the deploy summary or the failure's reason.</param>
internal sealed record DeliveryEvent(DeliveryEventKind Kind, string? Environment, string? Version, string Summary)
{
    public string? Digest { get; init; }

    public string? PreviousVersion { get; init; }

    /// <summary>Who ran it (the GitHub actor or user@host).</summary>
    public string? Who { get; init; }

    public TimeSpan? Duration { get; init; }

    /// <summary>The CI run, when there is one.</summary>
    public string? RunUrl { get; init; }

    /// <summary>The deploy log record, when there is one.</summary>
    public string? RecordId { get; init; }

    public int? ExitCode { get; init; }

    /// <summary>The incident draft a rollback wrote, from the repository root (uploaded with the CI run's artifacts).</summary>
    public string? IncidentDraft { get; init; }

    public DateTimeOffset At { get; init; } = DateTimeOffset.UtcNow;

    public bool IsFailure => Kind is DeliveryEventKind.DeployAborted or DeliveryEventKind.RolledBackAutomatically
        or DeliveryEventKind.Locked or DeliveryEventKind.CiFailed;

    /// <summary>"production: 1.4.0 deployed" — the title every channel shows.</summary>
    public string Title
    {
        get
        {
            var what = Kind switch
            {
                DeliveryEventKind.DeployStarted => $"deploying {Version}",
                DeliveryEventKind.DeploySucceeded => $"{Version} deployed",
                DeliveryEventKind.DeployAborted => $"deploy of {Version} aborted, {PreviousVersion ?? "the old version"} still serves",
                DeliveryEventKind.RolledBackAutomatically => $"{Version} rolled back automatically to {PreviousVersion ?? "the previous version"}",
                DeliveryEventKind.Locked => $"deploy of {Version} refused: the environment is locked",
                DeliveryEventKind.ManualRollback => $"rolled back to {Version}",
                DeliveryEventKind.ReleaseCreated => $"release {Version} created",
                DeliveryEventKind.MaintenanceOn => "maintenance on",
                DeliveryEventKind.MaintenanceOff => "maintenance off",
                DeliveryEventKind.Scaled => $"{Version} scaled",
                DeliveryEventKind.CiFailed => "CI failed on the default branch",
                _ => Kind.ToString(),
            };
            return Environment is null ? what : $"{Environment}: {what}";
        }
    }

    /// <summary>The figures every channel lists, in this order, without empty ones.</summary>
    public IReadOnlyList<(string Name, string Value)> Facts =>
    [
        .. new (string Name, string? Value)[]
        {
            ("Environment", Environment),
            ("Version", Version),
            ("Previous", PreviousVersion),
            ("Digest", Digest),
            ("Who", Who),
            ("Duration", Duration is { } d ? string.Create(CultureInfo.InvariantCulture, $"{d.TotalSeconds:0.0} s") : null),
            ("Exit code", ExitCode?.ToString(CultureInfo.InvariantCulture)),
            ("Record", RecordId),
            ("Incident draft", IncidentDraft),
            ("Run", RunUrl),
        }.Where(f => f.Value is not null).Select(f => (f.Name, f.Value!)),
    ];
}
