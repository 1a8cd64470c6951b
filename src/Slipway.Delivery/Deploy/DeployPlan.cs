namespace Slipway.Delivery.Deploy;

/// <summary>
/// What a deploy will do, decided from the image's labels and the environment's snapshot before anything changes
/// (<see cref="DeployPlanner"/>): printed by <see cref="Describe"/>, performed step by step by <see cref="DeployExecutor"/>.
/// </summary>
internal sealed record DeployPlan
{
    public required string Environment { get; init; }

    /// <summary>The image, with what its labels say (version, commit, schema).</summary>
    public required DeployImage Image { get; init; }

    /// <summary>The version serving now (null when nothing serves).</summary>
    public AppContainer? Live { get; init; }

    public required MigrationDecision Migration { get; init; }

    /// <summary>The image already serves: nothing is switched, the steps only converge to where a finished deploy ends.</summary>
    public bool AlreadyServing { get; init; }

    public required IReadOnlyList<DeployStep> Sequence { get; init; }

    /// <summary>How many containers of the version serve once it is done.</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>The steps, in words, in order.</summary>
    public IReadOnlyList<string> Steps => [.. Sequence.Select(s => s.Description), "append a deploy record to the deploy log"];

    public string Describe() =>
        $"Deploy of {Image.Version ?? Image.Reference} to {Environment}: {(Live is null ? "nothing serving" : Live.Describe())} -> {Image.Reference}" +
        (AlreadyServing ? " (already serving)" : string.Empty) + System.Environment.NewLine +
        $"  migrations: {Migration.Reason}" + System.Environment.NewLine +
        string.Join(System.Environment.NewLine, Steps.Select((s, i) => $"  {i + 1}. {s}"));

    /// <summary>The message of the record when every step succeeded.</summary>
    public string SuccessMessage(Uri url, BakeVerdict? bake) => AlreadyServing
        ? $"{Live?.Version} was already serving; nothing changed."
        : $"{Image.Version} serves {url}" + (Migration.Migrate ? string.Empty : $"; {Migration.Reason}") +
            (bake is null ? "; no bake." : $"; bake: {bake.DescribeTotals()}.");
}
