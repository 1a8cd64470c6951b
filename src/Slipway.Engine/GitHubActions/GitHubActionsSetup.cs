namespace Slipway.Engine;

/// <summary>
/// A tool a job installs before its build step, beyond the .NET SDK every job gets
/// (<c>[GitHubActionsJob(nameof(Scan), SetupSteps = [GitHubActionsSetup.Trivy])]</c>). Each is a known step with its
/// action pinned by commit and the tool's version pinned too, so a nightly run installs what the last one did.
/// </summary>
public enum GitHubActionsSetup
{
    /// <summary>trivy, the container image scanner, from Aqua's <c>aquasecurity/setup-trivy</c> at a pinned trivy version.</summary>
    Trivy = 1,
}
