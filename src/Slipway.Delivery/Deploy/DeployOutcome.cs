using System.Globalization;

namespace Slipway.Delivery.Deploy;

/// <summary>How a deploy or rollback went: its record (as appended to the log), the bake's numbers and the time of each phase.</summary>
internal sealed record DeployOutcome(DeployRecord Record, BakeVerdict? Bake, IReadOnlyList<(string Phase, TimeSpan Duration)> Phases)
{
    /// <summary>From the start of the command until the new (or rolled-back-to) version took traffic.</summary>
    public TimeSpan? TimeToSwitch => Record.Switched - Record.Started;

    /// <summary>The environment's deploy log as the operation read it, with its own record last (a rollback's incident draft reads it; empty when not read).</summary>
    public IReadOnlyList<DeployRecord> Log { get; init; } = [];

    public string DescribePhases() =>
        string.Join(", ", Phases.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Phase} {p.Duration.TotalSeconds:0.00} s")));
}
