using Slipway.Delivery.Notifications;
using Slipway.Engine;

namespace Slipway.Delivery.Components;

/// <summary>
/// Tells the notification channels that a CI run of the default branch failed (seed 002: developers hear of CI
/// results). The generated workflows run it after a failure: <c>[GitHubActions("ci", …, OnFailureTarget = nameof(NotifyCiFailure))]</c>.
/// </summary>
public interface INotifyCiFailure : IHazNotifications
{
    Target NotifyCiFailure => _ => _
        .Description("Tell the notification channels that this CI run of the default branch failed, naming the failed jobs (run by the workflows after a failure)")
        .Requires(() => NotificationsAreConfigured)
        .Executes(async () =>
        {
            var failure = CiFailure.Event(Context.GetEnvironmentVariable, CiRunUrl);
            Host.AddSummaryNote(failure.Summary);
            await NotifyAsync(failure);
        });
}
