namespace Slipway.Delivery.Versioning;

/// <summary>The knobs of the versioning rules (GitVersion.yml's role, for the few settings Slipway has).</summary>
internal sealed record VersioningOptions
{
    public const string DefaultTagPrefix = "prod/v";

    public static VersioningOptions Default { get; } = new();

    /// <summary>Release tags are <c>&lt;TagPrefix&gt;X.Y.Z</c>; other tags are ignored.</summary>
    public string TagPrefix { get; init; } = DefaultTagPrefix;
}
