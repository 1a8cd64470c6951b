using System.Globalization;

namespace Slipway.Delivery.Orchestration.Swarm;

/// <summary>
/// The truth about a Swarm update (pure): from the service's <c>UpdateStatus</c> and its tasks, whether the new version
/// serves everywhere, Swarm rolled it back, or it never got there. The Docker CLI's own wait (<c>docker service update</c>
/// without <c>--detach</c>) exits 0 in every one of those cases after an automatic rollback (docker/cli#6752), so CI
/// cannot tell; Slipway's exit codes can: 0 serving, 11 rolled back, 10 never healthy (previous version put back).
/// </summary>
internal static class SwarmUpdateDecider
{
    private static readonly HashSet<string> Ended = new(StringComparer.Ordinal) { "failed", "rejected", "complete", "shutdown", "orphaned" };

    /// <param name="service">The service as inspected now.</param>
    /// <param name="tasks">Its tasks, current and past.</param>
    /// <param name="watch">The change being watched.</param>
    /// <param name="deadlinePassed">The watch's time is up: anything still undecided is decided now.</param>
    public static SwarmVerdict Decide(SwarmService service, IReadOnlyList<SwarmTask> tasks, SwarmWatch watch, bool deadlinePassed)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(watch);
        var running = tasks.Where(t => t.IsRunning).ToList();
        var runningTarget = running.Count(t => t.Image == watch.TargetImage);
        var others = running.Where(t => t.Image != watch.TargetImage).Select(t => t.Image).Distinct().ToList();
        var everywhere = service.Image == watch.TargetImage && runningTarget >= watch.Replicas && others.Count == 0;
        var progress = string.Create(CultureInfo.InvariantCulture, $"{runningTarget}/{watch.Replicas} tasks run it") +
            (others.Count > 0 ? $", {running.Count - runningTarget} still run {string.Join(", ", others)}" : string.Empty);

        if (watch.Created || (service.Update is { } before && before.StartedAt == watch.BaselineStartedAt) || service.Update is null)
        {
            // No update of ours to read (a creation, or Swarm has not begun it): the tasks alone tell.
            if (everywhere && (watch.Created || service.Update is null && !watch.IsRollback))
            {
                return new SwarmVerdict(SwarmVerdictKind.Serving, $"{watch.TargetImage} runs in every task ({progress}).");
            }

            return deadlinePassed
                ? new SwarmVerdict(SwarmVerdictKind.NeverHealthy, $"{watch.TargetImage} did not run in every task in time ({progress}){LastError(tasks, watch)}.")
                : new SwarmVerdict(SwarmVerdictKind.Waiting, watch.Created ? $"starting: {progress}" : "Swarm has not started the update yet");
        }

        var update = service.Update;
        var message = update.Message is { Length: > 0 } m ? m : update.State;
        return update.State switch
        {
            SwarmUpdateStatus.Completed when everywhere =>
                new SwarmVerdict(SwarmVerdictKind.Serving, $"{watch.TargetImage} runs in every task ({progress}); Swarm says \"{message}\"."),
            SwarmUpdateStatus.Completed when deadlinePassed =>
                new SwarmVerdict(SwarmVerdictKind.Unstable, $"Swarm completed the update, but {watch.TargetImage} does not stay up ({progress}){LastError(tasks, watch)}."),
            SwarmUpdateStatus.RollbackCompleted when watch.IsRollback && everywhere =>
                new SwarmVerdict(SwarmVerdictKind.Serving, $"{watch.TargetImage} runs in every task again ({progress}); Swarm says \"{message}\"."),
            SwarmUpdateStatus.RollbackCompleted when !watch.IsRollback =>
                new SwarmVerdict(SwarmVerdictKind.RolledBack,
                    $"Swarm rolled the update to {watch.TargetImage} back to {service.Image} (\"{message}\"){LastError(tasks, watch)}. The Docker CLI exits 0 here; Slipway does not."),
            SwarmUpdateStatus.RollbackStarted when deadlinePassed && !watch.IsRollback =>
                new SwarmVerdict(SwarmVerdictKind.RolledBack, $"Swarm is rolling the update to {watch.TargetImage} back to {service.Image} (\"{message}\"){LastError(tasks, watch)}."),
            SwarmUpdateStatus.RollbackPaused =>
                new SwarmVerdict(SwarmVerdictKind.RollbackPaused,
                    $"Swarm's rollback of {service.Name} paused (\"{message}\"): neither version is assured ({progress}). Look at `docker service ps {service.Name}`."),
            SwarmUpdateStatus.Paused =>
                new SwarmVerdict(SwarmVerdictKind.NeverHealthy, $"Swarm paused the update to {watch.TargetImage} (\"{message}\"){LastError(tasks, watch)}."),
            _ when deadlinePassed =>
                new SwarmVerdict(SwarmVerdictKind.NeverHealthy, $"{watch.TargetImage} did not run in every task in time (Swarm: {update.State}, {progress}){LastError(tasks, watch)}."),
            _ => new SwarmVerdict(SwarmVerdictKind.Waiting, $"Swarm: {update.State}, {progress}"),
        };
    }

    /// <summary>The newest failure of a task of the target image, as "; last task error: …", or nothing.</summary>
    private static string LastError(IReadOnlyList<SwarmTask> tasks, SwarmWatch watch) =>
        tasks.Where(t => t.Image == watch.TargetImage && Ended.Contains(t.State) && t.Error is not null).Select(t => t.Error).FirstOrDefault() is { } error
            ? $"; last task error: {error}"
            : string.Empty;
}
