using Slipway.Delivery.Notifications;
using Slipway.Delivery.Release;
using Slipway.Engine;

namespace Slipway.Delivery.Components;

/// <summary>Release managers' target: validated SemVer, changelog, release commit, tag, GitHub release (docs/release.md).</summary>
public interface IRelease : IHazGitVersion, IHazDryRun, IHazNotifications, IHazGitHub
{
    [Parameter("Version to release, e.g. 1.4.0 (strict SemVer, no 'v')", Name = "Version")]
    string? ReleaseVersion => this.GetParameter<string>("Version");

    Target Release => _ => _
        .Description("Tag prod/vX.Y.Z, write the changelog, push, create the GitHub release")
        .Requires(() => ReleaseVersion)
        .Requires(() => NotificationsAreConfigured)
        .Produces("artifacts/release-notes.md")
        .Executes(async () =>
        {
            var result = await ReleaseWorkflow.RunAsync(new ReleaseRequest(RootDirectory, ReleaseVersion)
            {
                DryRun = DryRun,
                GitHubToken = GitHubToken,
                GitHubRepository = GitHubRepository,
                GitHubApiUrl = GitHubApiUrl,
                Hints = BranchHints,
                EnvironmentVariable = Context.GetEnvironmentVariable,
            });
            Host.AddSummaryNote(result.DryRun ? $"Release {ReleaseVersion}: dry run, nothing changed" : $"Released {ReleaseVersion}");
            if (!result.DryRun && result.Plan.Mode != ReleaseMode.Complete)
            {
                await NotifyAsync(new DeliveryEvent(DeliveryEventKind.ReleaseCreated, Environment: null, ReleaseVersion, $"Released {ReleaseVersion} ({result.Plan.Tag})")
                {
                    RunUrl = result.GitHubRelease?.HtmlUrl,
                });
            }
        });
}
