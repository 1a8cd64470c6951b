namespace Slipway.Delivery.Deploy;

/// <summary>What a rollback will do, decided before anything changes (<see cref="RollbackPlanner"/>); <c>--dry-run</c> prints exactly this.</summary>
internal sealed record RollbackPlan
{
    public required string Environment { get; init; }

    /// <summary>The version serving now (null when nothing serves).</summary>
    public AppContainer? From { get; init; }

    public required AppContainer To { get; init; }

    /// <summary>The target is running and warm in the other slot: the rollback is a single switch.</summary>
    public required bool Warm { get; init; }

    /// <summary>The id of the record that made <see cref="From"/> live, for the rollback record's <c>rollback_of</c>.</summary>
    public string? RollbackOf { get; init; }

    /// <summary>With <c>--restore-database</c>: the backup put back after the switch (<see cref="DatabaseRestoreChoice"/>).</summary>
    public string? RestoreFrom { get; init; }

    /// <summary>What <see cref="DeployExecutor"/> performs, in order.</summary>
    public required IReadOnlyList<DeployStep> Sequence { get; init; }

    /// <summary>The steps, in words, in order.</summary>
    public IReadOnlyList<string> Steps => [.. Sequence.Select(s => s.Description), "append a rollback record to the deploy log"];

    public string Describe() =>
        $"Rollback of {Environment}: {(From is null ? "nothing serving" : From.Describe())} -> {To.Describe()}{(Warm ? " (warm)" : string.Empty)}" +
        System.Environment.NewLine + string.Join(System.Environment.NewLine, Steps.Select((s, i) => $"  {i + 1}. {s}"));
}
