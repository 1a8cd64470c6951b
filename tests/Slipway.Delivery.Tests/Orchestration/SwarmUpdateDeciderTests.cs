using Slipway.Delivery.Orchestration.Swarm;

namespace Slipway.Delivery.Tests.Orchestration;

/// <summary>
/// The truth about a Swarm update, from what <c>docker service inspect</c> and <c>docker service ps</c> print (the JSON
/// below is theirs, trimmed, from Docker 20.10 on this machine): every <c>UpdateStatus</c> state, a creation, and the
/// update Swarm rolled back while <c>docker service update</c> exited 0 (docker/cli#6752).
/// </summary>
public class SwarmUpdateDeciderTests
{
    private const string Old = "localhost:5000/app@sha256:1111";
    private const string New = "localhost:5000/app@sha256:2222";
    private const string Earlier = "2026-12-04T14:31:45.919432756Z";
    private const string Ours = "2026-12-04T14:32:49.063524422Z";

    private static readonly SwarmWatch Update = new(New, 2, Earlier);

    [Test]
    public void Inspect_output_is_read_for_image_previous_image_replicas_and_update_status()
    {
        var service = SwarmService.Parse(Inspect("hc:v1", "rollback_completed", Ours, "rollback completed", previous: null));
        var tasks = SwarmTask.ParseLines(
            """
            {"CurrentState":"Running 6 minutes ago","DesiredState":"Running","Error":"","ID":"i1k4","Image":"hc:v1","Name":"web.1","Node":"vm","Ports":""}
            {"CurrentState":"Complete 6 minutes ago","DesiredState":"Shutdown","Error":"","ID":"pwpn","Image":"hc:never-ready","Name":"web.1","Node":"vm","Ports":""}
            {"CurrentState":"Failed 2 seconds ago","DesiredState":"Shutdown","Error":"task: non-zero exit (3)","ID":"x9","Image":"hc:crash","Name":"web.2","Node":"vm","Ports":""}
            not a task
            """);

        Assert.Multiple(() =>
        {
            Assert.That(service, Is.EqualTo(new SwarmService("web", "hc:v1", null, 2, new SwarmUpdateStatus("rollback_completed", Ours, "rollback completed"))));
            Assert.That(tasks, Has.Count.EqualTo(3));
            Assert.That(tasks[0], Is.EqualTo(new SwarmTask("i1k4", "web.1", "hc:v1", "running", "running", null)));
            Assert.That(tasks[0].IsRunning, Is.True);
            Assert.That(tasks[1].IsRunning, Is.False, "complete and no longer wanted");
            Assert.That(tasks[2].Error, Is.EqualTo("task: non-zero exit (3)"));
            Assert.That(SwarmService.Parse(Inspect(New, null, null, null, previous: Old)).Update, Is.Null, "a service never updated has no status");
            Assert.That(SwarmService.Parse(Inspect(New, null, null, null, previous: Old)).PreviousImage, Is.EqualTo(Old));
        });
    }

    [Test]
    public void A_completed_update_with_the_new_image_in_every_task_serves()
    {
        var verdict = Decide(Service(New, "completed", Ours), [Task(New), Task(New), Task(Old, "shutdown", "shutdown")]);

        Assert.That(verdict.Kind, Is.EqualTo(SwarmVerdictKind.Serving));
    }

    [Test]
    public void The_update_Swarm_rolled_back_is_exit_11_although_the_CLI_exits_0()
    {
        // What `docker service update` (no --detach) left behind after printing "rollback: update rolled back due to
        // failure or early termination of task ..." and "verify: Service converged", exit code 0.
        var service = SwarmService.Parse(Inspect(Old, "rollback_completed", Ours, "rollback completed", previous: null));
        var verdict = Decide(service, [Task(Old), Task(Old), Task(New, "shutdown", "failed", "task: non-zero exit (1): dockerexec: unhealthy container")]);

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Kind, Is.EqualTo(SwarmVerdictKind.RolledBack));
            Assert.That(verdict.Message, Does.Contain($"Swarm rolled the update to {New} back to {Old}").And.Contain("unhealthy container"));
        });
    }

    [Test]
    public void A_rollback_in_progress_is_waited_for_and_is_exit_11_when_time_is_up()
    {
        var service = Service(Old, "rollback_started", Ours);
        IReadOnlyList<SwarmTask> tasks = [Task(Old), Task(New, "running", "starting")];

        Assert.Multiple(() =>
        {
            Assert.That(Decide(service, tasks).Kind, Is.EqualTo(SwarmVerdictKind.Waiting));
            Assert.That(Decide(service, tasks, deadlinePassed: true).Kind, Is.EqualTo(SwarmVerdictKind.RolledBack));
        });
    }

    [Test]
    public void An_update_still_running_when_time_is_up_never_became_healthy()
    {
        var service = Service(New, "updating", Ours);
        IReadOnlyList<SwarmTask> tasks = [Task(Old), Task(Old), Task(New, "running", "starting")];

        Assert.Multiple(() =>
        {
            Assert.That(Decide(service, tasks).Kind, Is.EqualTo(SwarmVerdictKind.Waiting));
            Assert.That(Decide(service, tasks, deadlinePassed: true).Kind, Is.EqualTo(SwarmVerdictKind.NeverHealthy));
            Assert.That(Decide(service, tasks, deadlinePassed: true).Message, Does.Contain("0/2 tasks run it, 2 still run " + Old));
        });
    }

    [Test]
    public void A_paused_update_never_became_healthy_and_a_paused_rollback_needs_someone()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Decide(Service(New, "paused", Ours), [Task(Old), Task(Old)]).Kind, Is.EqualTo(SwarmVerdictKind.NeverHealthy));
            Assert.That(Decide(Service(Old, "rollback_paused", Ours), [Task(Old), Task(New)]).Kind, Is.EqualTo(SwarmVerdictKind.RollbackPaused));
        });
    }

    [Test]
    public void A_completed_update_whose_tasks_do_not_stay_up_is_waited_for_then_rolled_back_as_unstable()
    {
        // Swarm's monitor passed, then the new tasks started failing: the spec is the new image, the tasks restart in a loop.
        var service = Service(New, "completed", Ours);
        IReadOnlyList<SwarmTask> tasks = [Task(New), Task(New, "running", "starting"), Task(New, "shutdown", "failed", "task: non-zero exit (3)")];

        Assert.Multiple(() =>
        {
            Assert.That(Decide(service, tasks).Kind, Is.EqualTo(SwarmVerdictKind.Waiting));
            Assert.That(Decide(service, tasks, deadlinePassed: true).Kind, Is.EqualTo(SwarmVerdictKind.Unstable));
            Assert.That(Decide(service, tasks, deadlinePassed: true).Message, Does.Contain("non-zero exit (3)"));
        });
    }

    [Test]
    public void A_status_left_by_an_earlier_update_is_not_taken_for_this_one()
    {
        // Just after `service update`: the spec already names the new image, the status is still the last update's "completed".
        var service = Service(New, "completed", Earlier);

        Assert.Multiple(() =>
        {
            Assert.That(Decide(service, [Task(Old), Task(Old)]).Kind, Is.EqualTo(SwarmVerdictKind.Waiting));
            Assert.That(Decide(service, [Task(Old), Task(Old)], deadlinePassed: true).Kind, Is.EqualTo(SwarmVerdictKind.NeverHealthy));
            Assert.That(Decide(service with { Update = null }, [Task(Old), Task(Old)]).Kind, Is.EqualTo(SwarmVerdictKind.Waiting), "the first update, not begun");
        });
    }

    [Test]
    public void A_created_service_serves_once_every_task_runs_and_never_became_healthy_otherwise()
    {
        var created = new SwarmWatch(New, 2, null, Created: true);
        var service = Service(New, null, null);

        Assert.Multiple(() =>
        {
            Assert.That(SwarmUpdateDecider.Decide(service, [Task(New), Task(New)], created, false).Kind, Is.EqualTo(SwarmVerdictKind.Serving));
            Assert.That(SwarmUpdateDecider.Decide(service, [Task(New), Task(New, "running", "starting")], created, false).Kind, Is.EqualTo(SwarmVerdictKind.Waiting));
            Assert.That(SwarmUpdateDecider.Decide(service, [Task(New, "running", "starting")], created, true).Kind, Is.EqualTo(SwarmVerdictKind.NeverHealthy));
        });
    }

    [Test]
    public void A_rollback_Slipway_asked_for_serves_when_Swarm_completed_it_with_the_target_everywhere()
    {
        var rollback = new SwarmWatch(Old, 2, Earlier, IsRollback: true);
        var service = Service(Old, "rollback_completed", Ours);

        Assert.Multiple(() =>
        {
            Assert.That(SwarmUpdateDecider.Decide(service, [Task(Old), Task(Old)], rollback, false).Kind, Is.EqualTo(SwarmVerdictKind.Serving));
            Assert.That(SwarmUpdateDecider.Decide(service, [Task(Old), Task(New)], rollback, false).Kind, Is.EqualTo(SwarmVerdictKind.Waiting));
            Assert.That(SwarmUpdateDecider.Decide(service with { Update = new SwarmUpdateStatus("rollback_started", Ours, null) }, [Task(Old), Task(New)], rollback, false).Kind,
                Is.EqualTo(SwarmVerdictKind.Waiting));
        });
    }

    private static SwarmVerdict Decide(SwarmService service, IReadOnlyList<SwarmTask> tasks, bool deadlinePassed = false) =>
        SwarmUpdateDecider.Decide(service, tasks, Update, deadlinePassed);

    private static SwarmService Service(string image, string? state, string? startedAt) =>
        new("slipway-staging", image, Old, 2, state is null ? null : new SwarmUpdateStatus(state, startedAt, state.Replace('_', ' ')));

    private static SwarmTask Task(string image, string desired = "running", string state = "running", string? error = null) =>
        new(Guid.NewGuid().ToString("N")[..6], "slipway-staging.1", image, desired, state, error);

    private static string Inspect(string image, string? state, string? startedAt, string? message, string? previous)
    {
        var update = state is null ? string.Empty
            : ", \"UpdateStatus\": {\"State\": \"" + state + "\", \"StartedAt\": \"" + startedAt + "\", \"CompletedAt\": \"2026-12-04T14:32:56.157240367Z\", \"Message\": \"" + message + "\"}";
        var previousSpec = previous is null ? string.Empty
            : ", \"PreviousSpec\": {\"Name\": \"web\", \"TaskTemplate\": {\"ContainerSpec\": {\"Image\": \"" + previous + "\"}}, \"Mode\": {\"Replicated\": {\"Replicas\": 2}}}";
        return "[{\"ID\": \"syg1m2ztsfbl6scyuicuw5a3m\", \"Version\": {\"Index\": 159}, \"Spec\": {\"Name\": \"web\", \"Labels\": {}, " +
            "\"TaskTemplate\": {\"ContainerSpec\": {\"Image\": \"" + image + "\", \"Env\": [\"ASPNETCORE_HTTP_PORTS=18080\"], \"ReadOnly\": true}, " +
            "\"RestartPolicy\": {\"Condition\": \"any\"}}, \"Mode\": {\"Replicated\": {\"Replicas\": 2}}, " +
            "\"UpdateConfig\": {\"Parallelism\": 1, \"FailureAction\": \"rollback\", \"Monitor\": 3000000000, \"Order\": \"start-first\"}}" + previousSpec + update + "}]";
    }
}
