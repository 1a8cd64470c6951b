namespace Slipway.Delivery.Release;

/// <summary>Prepends the release's section to the changelog file.</summary>
internal sealed record UpdateChangelogStep(string Path, string Version, string Section) : ReleaseStep
{
    public override string Description => $"Prepend the {Version} section to {Path}";
}
