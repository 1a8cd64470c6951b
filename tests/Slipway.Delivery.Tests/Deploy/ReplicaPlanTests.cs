using Slipway.Delivery.Deploy;
using Slipway.Delivery.Edge;
using static Slipway.Delivery.Tests.Deploy.DeployFakes;

namespace Slipway.Delivery.Tests.Deploy;

/// <summary>Replicas as data (pure): the edge's servers per slot, how a deploy and a rollback plan them, and which count a deploy keeps.</summary>
public class ReplicaPlanTests
{
    private static readonly DeployImage V2 = DeployImage.FromReference("localhost:5000/app@" + DigestOf("2.0.0")) with { Version = "2.0.0" };

    [Test]
    public void Server_names_keep_the_slot_name_for_replica_1_and_number_the_others()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new EdgeServer(EdgeSlot.Blue, 1).Name, Is.EqualTo("blue"));
            Assert.That(new EdgeServer(EdgeSlot.Green, 3).Name, Is.EqualTo("green3"));
            Assert.That(EdgeServer.Parse("green8"), Is.EqualTo(new EdgeServer(EdgeSlot.Green, 8)));
            Assert.That(EdgeServer.Parse("blue"), Is.EqualTo(new EdgeServer(EdgeSlot.Blue, 1)));
            Assert.That(new[] { "blue1", "blue9", "blue02", "greenx", "on", "red" }.Select(EdgeServer.Parse), Is.All.Null);
            Assert.That(EdgeSlotExtensions.FromServerName("blue4"), Is.EqualTo(EdgeSlot.Blue));
        });
    }

    [Test]
    public void A_slot_stands_for_its_replicas_assigned_ones_counted_and_their_counters_added_up()
    {
        var status = EdgeStatus.From(
        [
            Entry("blue", 28100, ServerAdminState.Ready), Entry("blue2", 28101, ServerAdminState.Ready), Entry("blue3", 28102, ServerAdminState.Ready, up: false),
            Entry("blue4", null, ServerAdminState.Maintenance), Entry("green", null, ServerAdminState.Maintenance),
        ],
        [Stats("blue", 100, 2, "UP"), Stats("blue2", 50, 1, "UP"), Stats("blue3", 30, 0, "DOWN")]);
        var colour = status.Colour(EdgeSlot.Blue);

        Assert.Multiple(() =>
        {
            Assert.That(status.ReplicaCount(EdgeSlot.Blue), Is.EqualTo(3));
            Assert.That(status.ReplicasOf(EdgeSlot.Blue).Select(s => s.Server.Name), Is.EqualTo(new[] { "blue", "blue2", "blue3" }));
            Assert.That(status.ReplicasOf(EdgeSlot.Green).Select(s => s.Server.Name), Is.EqualTo(new[] { "green" }), "an unassigned slot is its first server");
            Assert.That(status.ReplicaCount(EdgeSlot.Green), Is.Zero);
            Assert.That(status.ActiveSlot, Is.EqualTo(EdgeSlot.Blue));
            Assert.That(colour.Statistics!.ResponsesTotal, Is.EqualTo(180));
            Assert.That(colour.Statistics.Responses5xx, Is.EqualTo(3));
            Assert.That(colour.IsServing, Is.False, "a slot is up only while every assigned replica is: the bake judges all of them");
        });
    }

    [Test]
    public void A_deploy_starts_the_new_version_with_as_many_replicas_each_on_its_own_port_and_labelled_as_a_replica_of_the_first()
    {
        var v1 = Container("1.0.0", 28100, 0, state: "running") with
        {
            Replicas = [Container("1.0.0", 28101, 0, state: "running") with { Replica = 2, ReplicaOf = "v1" }],
        };
        var edge = EdgeOf(Slot(EdgeSlot.Blue, 28100, ServerAdminState.Ready, true), Slot(EdgeSlot.Green, null, ServerAdminState.Maintenance, false));
        var environment = TestEnvironments.Staging with { Replicas = 3 };
        var plan = DeployPlanner.Plan(environment, V2, new EnvironmentSnapshot("staging", [v1], edge, []), [28100, 28101], alwaysMigrate: false, "d-2", T0.AddHours(1));

        var run = plan.Sequence.OfType<RunNewColourStep>().Single();
        var assign = plan.Sequence.OfType<AssignSlotStep>().Single();
        var gate = plan.Sequence.OfType<GateStep>().Single();
        var retire = plan.Sequence.OfType<RetireStep>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(plan.Replicas, Is.EqualTo(3));
            Assert.That(run.Runs.Select(r => r.Name), Is.EqualTo(new[] { run.Run.Name, run.Run.Name + "-r2", run.Run.Name + "-r3" }));
            Assert.That(run.Runs.Select(r => r.Port).Distinct().Count(), Is.EqualTo(3));
            Assert.That(run.Runs.Select(r => r.Port), Has.None.EqualTo(28100).And.None.EqualTo(28101), "ports of the serving replicas are claimed");
            Assert.That(run.Runs[2].Labels[DeployLabels.Replica], Is.EqualTo("3"));
            Assert.That(run.Runs[2].Labels[DeployLabels.ReplicaOf], Is.EqualTo(run.Run.Name));
            Assert.That(run.Runs[0].Labels.ContainsKey(DeployLabels.Replica), Is.False);
            Assert.That(assign.Ports, Is.EqualTo(run.Runs.Select(r => r.Port)));
            Assert.That(gate.Containers, Is.EqualTo(run.Runs.Select(r => r.Name)));
            Assert.That(retire.Previous.AllNames, Is.EqualTo(new[] { v1.Name, v1.Replicas[0].Name }), "the previous version retires with its replica");
            Assert.That(plan.Describe(), Does.Contain("and 2 more replica(s) on").And.Contain("(3 replicas)"));
        });
    }

    [Test]
    public void A_deploy_keeps_the_count_an_operator_scaled_to_after_the_last_deploy_and_otherwise_follows_the_declaration()
    {
        var environment = TestEnvironments.Staging with { Replicas = 2 };
        EnvironmentSnapshot With(params DeployRecord[] records) => new("staging", [], null, records);
        var deploy = Record("d-1", "1.0.0", DeployResults.Succeeded, 0) with { Replicas = 2 };
        var scale = Record("s-1", "1.0.0", DeployResults.Succeeded, 5, DeployKind.Scale) with { Replicas = 5 };
        var failedScale = Record("s-2", "1.0.0", DeployResults.Failed, 6, DeployKind.Scale) with { Replicas = 7 };

        Assert.Multiple(() =>
        {
            Assert.That(DeployPlanner.ReplicasFor(environment, With()), Is.EqualTo(2));
            Assert.That(DeployPlanner.ReplicasFor(environment, With(deploy, scale)), Is.EqualTo(5));
            Assert.That(DeployPlanner.ReplicasFor(environment, With(deploy, scale, failedScale)), Is.EqualTo(5), "a failed scale changed nothing");
            Assert.That(DeployPlanner.ReplicasFor(environment, With(scale, deploy with { Started = T0.AddMinutes(10) })), Is.EqualTo(2),
                "a deploy after the scale applied the declaration again");
        });
    }

    [Test]
    public void Containers_group_into_versions_with_their_replicas_and_a_rollback_brings_every_replica_back()
    {
        var own = Container("1.0.0", 28100, 0) with { Name = "slipway-staging-1.0.0-abc" };
        var second = Container("1.0.0", 28102, 0) with { Name = "slipway-staging-1.0.0-abc-r2", Replica = 2, ReplicaOf = own.Name };
        var live = Container("2.0.0", 28104, 10, state: "running") with { Name = "slipway-staging-2.0.0-def" };
        var grouped = AppContainer.Group([live, second, own]);
        var edge = EdgeOf(Slot(EdgeSlot.Blue, 28104, ServerAdminState.Ready, true), Slot(EdgeSlot.Green, 28100, ServerAdminState.Maintenance, false));
        var plan = RollbackPlanner.Plan(new EnvironmentSnapshot("staging", grouped, edge, []), null, keepFromRunning: false);

        Assert.Multiple(() =>
        {
            Assert.That(grouped.Select(c => c.Name), Is.EqualTo(new[] { live.Name, own.Name }));
            Assert.That(grouped[1].Replicas.Select(r => r.Name), Is.EqualTo(new[] { second.Name }));
            Assert.That(plan.To.Name, Is.EqualTo(own.Name));
            Assert.That(plan.Sequence.OfType<AssignSlotStep>().Single().Ports, Is.EqualTo(new[] { 28100, 28102 }));
            Assert.That(plan.Sequence.OfType<AssignSlotStep>().Single().AlreadyPointed, Is.False, "the slot points at replica 1 only: both are assigned again");
            Assert.That(plan.Describe(), Does.Contain("and its 1 further replica(s)"));
        });
    }

    [Test]
    public void A_rolling_deploy_starts_one_batch_gates_it_then_replaces_the_old_replicas_batch_by_batch_keeping_the_old_first_to_the_switch()
    {
        var v1 = Container("1.0.0", 28100, 0, state: "running") with
        {
            Replicas =
            [
                Container("1.0.0", 28101, 0, state: "running") with { Replica = 2, ReplicaOf = "v1" },
                Container("1.0.0", 28102, 0, state: "running") with { Replica = 3, ReplicaOf = "v1" },
            ],
        };
        var edge = EdgeOf(Slot(EdgeSlot.Blue, 28100, ServerAdminState.Ready, true), Slot(EdgeSlot.Green, null, ServerAdminState.Maintenance, false));
        var environment = TestEnvironments.Staging with { Replicas = 3, Strategy = DeployStrategy.Rolling, RollingBatch = 2 };
        var plan = DeployPlanner.Plan(environment, V2, new EnvironmentSnapshot("staging", [v1], edge, []), [28100, 28101, 28102], alwaysMigrate: false, "d-2", T0.AddHours(1));
        var kinds = plan.Sequence.Select(s => s.GetType().Name).ToList();
        var batches = plan.Sequence.OfType<RollingStep>().ToList();
        var single = DeployPlanner.Plan(environment with { Replicas = 1 }, V2, new EnvironmentSnapshot("staging", [v1 with { Replicas = [] }], edge, []), [28100], false, "d-3", T0);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Sequence.OfType<RunNewColourStep>().Single().Runs, Has.Count.EqualTo(2), "only the first batch starts before the gate");
            Assert.That(plan.Sequence.OfType<GateStep>().Single().Containers, Has.Count.EqualTo(2));
            Assert.That(batches.Select(b => (b.Number, b.Of, b.Start.Count, string.Join(",", b.Enable), string.Join(",", b.Retire))),
                Is.EqualTo(new[] { (1, 2, 0, "1,2", "3,2"), (2, 2, 1, "3", string.Empty) }));
            Assert.That(kinds.IndexOf(nameof(RollingStep)), Is.EqualTo(kinds.IndexOf(nameof(GateStep)) + 1));
            Assert.That(kinds.IndexOf(nameof(SwitchStep)), Is.EqualTo(kinds.LastIndexOf(nameof(RollingStep)) + 1), "the switch drains the old first replica last");
            Assert.That(plan.Replicas, Is.EqualTo(3));
            Assert.That(plan.Describe(), Does.Contain("rolling batch 1/2: put green, green2 in rotation beside 1.0.0, then drain and stop 1.0.0's blue3, blue2")
                .And.Contain("rolling batch 2/2: start and gate 1 more replica(s) of 2.0.0, then put green3 in rotation beside 1.0.0"));
            Assert.That(single.Sequence.OfType<RollingStep>(), Is.Empty, "with one replica a rolling deploy is a blue-green switch");
            Assert.That(DeployEnvironmentOverrides.ParseStrategy("rolling"), Is.EqualTo(DeployStrategy.Rolling));
            Assert.That((environment with { RollingBatch = 0 }).Problems(), Has.Some.Contains("RollingBatch (0) must be between 1 and 8"));
        });
    }

    [Test]
    public void Replicas_are_validated_with_the_ports_they_need()
    {
        var environment = TestEnvironments.Staging with { RetainedVersions = 2, AppPorts = new PortRange(28100, 12) };

        Assert.Multiple(() =>
        {
            Assert.That((environment with { Replicas = 3 }).Problems(), Is.Empty);
            Assert.That((environment with { Replicas = 4 }).Problems(), Has.Some.Contains("(RetainedVersions + 2) × Replicas = 16 ports"));
            Assert.That((environment with { Replicas = 9 }).Problems(), Has.Some.Contains("Replicas (9) must be between 1 and 8"));
            Assert.That((environment with { Replicas = 0 }).Problems(), Has.Some.Contains("Replicas (0)"));
            Assert.That(DeployEnvironmentOverrides.Apply(environment, new Dictionary<string, string> { ["SLIPWAY_STAGING_REPLICAS"] = "3" }).Replicas, Is.EqualTo(3));
        });
    }

    private static ServerStateEntry Entry(string server, int? port, ServerAdminState admin, bool up = true) => new(
        EdgeNames.AppBackend,
        server,
        port is null ? EdgeNames.UnassignedHost : "127.0.0.1",
        port ?? EdgeNames.UnassignedPort,
        admin == ServerAdminState.Maintenance || !up ? ServerOperationalState.Stopped : ServerOperationalState.Running,
        admin == ServerAdminState.Maintenance ? ServerAdminBits.ForcedMaintenance : ServerAdminBits.None,
        EdgeNames.FullWeight);

    private static ServerStatistics Stats(string server, long responses, long errors, string state) => new()
    {
        Backend = EdgeNames.AppBackend,
        Server = server,
        Status = state,
        Responses2xx = responses - errors,
        Responses5xx = errors,
    };
}
