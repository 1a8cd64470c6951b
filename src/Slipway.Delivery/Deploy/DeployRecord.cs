namespace Slipway.Delivery.Deploy;

/// <summary>
/// One line of an environment's append-only deploy log on the host: what was deployed (or rolled back to), by whom,
/// when it started, switched and finished, and how it ended. The log is the history Rollback and the DORA figures read.
/// </summary>
internal sealed record DeployRecord
{
    public required string Id { get; init; }

    public required DeployKind Kind { get; init; }

    public required string Environment { get; init; }

    /// <summary>The version this record deployed or rolled back to (the image's <c>org.opencontainers.image.version</c>).</summary>
    public string? Version { get; init; }

    public string? Digest { get; init; }

    /// <summary>
    /// The platform of the image the host ran (<c>linux/amd64</c>): for a multi-platform index <see cref="Digest"/>, the
    /// manifest its engine pulled for its own architecture, which the image record's <c>platformImages</c> names by digest.
    /// </summary>
    public string? Platform { get; init; }

    /// <summary>The full reference, <c>registry/repository@sha256:…</c>.</summary>
    public string? Image { get; init; }

    /// <summary>The commit the image was built from (its <c>org.opencontainers.image.revision</c>).</summary>
    public string? Commit { get; init; }

    /// <summary>Who ran it: the GitHub actor in Actions, else user@machine.</summary>
    public required string Who { get; init; }

    public string? CiRunUrl { get; init; }

    public required DateTimeOffset Started { get; init; }

    /// <summary>When traffic moved to this version (null when it never did).</summary>
    public DateTimeOffset? Switched { get; init; }

    public DateTimeOffset? Finished { get; init; }

    /// <summary>One of <see cref="DeployResults"/>.</summary>
    public required string Result { get; init; }

    /// <summary>For a rollback: the id of the record that had made the version being rolled back from live.</summary>
    public string? RollbackOf { get; init; }

    /// <summary>The version serving before this record's change.</summary>
    public string? PreviousVersion { get; init; }

    public string? PreviousDigest { get; init; }

    /// <summary>For a rollback: milliseconds from the command's start until the retained version served again.</summary>
    public long? DurationMs { get; init; }

    /// <summary>What happened, in a sentence; for an automatic rollback, the numbers that breached.</summary>
    public string? Message { get; init; }

    /// <summary>Where the pre-migration backup is (<c>volume:/path</c>).</summary>
    public string? Backup { get; init; }

    /// <summary>The backup a restore put back (<c>volume:/path</c>): after a failed migration, or on <c>Rollback --restore-database</c>.</summary>
    public string? RestoredFrom { get; init; }

    /// <summary>Whether that restore succeeded (false: the database needs attention); null when none ran.</summary>
    public bool? DatabaseRestored { get; init; }

    /// <summary>The id of a dead deploy whose stale lock this run broke with --force.</summary>
    public string? BrokeLockOf { get; init; }

    /// <summary>When the image was built (its <c>org.opencontainers.image.created</c>), for the lead-time figure.</summary>
    public DateTimeOffset? ImageCreated { get; init; }

    /// <summary>The schema fingerprint of the deployed image (its <c>org.slipway.schema</c> label), when it has one.</summary>
    public string? Schema { get; init; }

    /// <summary>
    /// True when this deploy's migrations ran and succeeded — the database then has <see cref="Schema"/>, even if the
    /// deploy failed later; false when they were skipped because the schema was unchanged; null when none ran.
    /// </summary>
    public bool? Migrated { get; init; }

    /// <summary>The release the image was promoted as, when it was (its <see cref="Version"/> is the one it was built with).</summary>
    public string? Release { get; init; }

    /// <summary>For an environment that takes promoted images: which deploy of the environment before it verified this digest.</summary>
    public string? VerifiedBy { get; init; }

    /// <summary>For an environment that takes promoted images: why a digest that was never verified was deployed (<c>--unverified</c>).</summary>
    public string? Unverified { get; init; }

    /// <summary>For an environment that takes promoted images: why a digest without a passing scan record was deployed (<c>--accept-risk</c>).</summary>
    public string? AcceptedRisk { get; init; }

    /// <summary>For a canary deploy: each step it ran, in order, with the figures it was judged on.</summary>
    public IReadOnlyList<CanaryStepRecord>? Canary { get; init; }

    /// <summary>Whether this record made its version the live one (a succeeded deploy or rollback; maintenance changes no version).</summary>
    public bool MadeLive => Result == DeployResults.Succeeded && Kind is DeployKind.Deploy or DeployKind.Rollback;

    /// <summary>For a maintenance record: when the edge ends it by itself (null: until <c>--off</c>, or it was turned off).</summary>
    public DateTimeOffset? MaintenanceUntil { get; init; }

    /// <summary>The smoke checks as they ran, before the switch (preview) and after it (public); null without a smoke suite.</summary>
    public IReadOnlyList<SmokeCheckRecord>? Smoke { get; init; }

    /// <summary>How many containers of the version serve after this deploy, rollback or Scale; null before replicas were recorded (one).</summary>
    public int? Replicas { get; init; }
}
