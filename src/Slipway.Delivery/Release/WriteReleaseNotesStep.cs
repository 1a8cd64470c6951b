namespace Slipway.Delivery.Release;

/// <summary>Writes the notes to the artifacts folder for CI to publish.</summary>
internal sealed record WriteReleaseNotesStep(string Path, string Notes) : ReleaseStep
{
    public override string Description => $"Write the release notes to {Path}";
}
