using System.Globalization;
using Slipway.Delivery.Edge;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// Decides a deploy from the image's labels and the environment's snapshot (pure): whether it migrates and when, the new
/// colour's container, port and slot, and the steps from start to retirement (docs/deploy.md, the deploy sequence).
/// </summary>
internal static class DeployPlanner
{
    /// <param name="environment">Where it deploys.</param>
    /// <param name="image">The image with its labels read (<see cref="DeployImage.WithLabels"/>), version checked.</param>
    /// <param name="snapshot">The environment as the host shows it.</param>
    /// <param name="claimedPorts">Ports of every Slipway app container on the host, of every environment.</param>
    /// <param name="alwaysMigrate">Migrate whatever the schema (<c>--always-migrate</c>).</param>
    /// <param name="deployId">The deploy's id, on the new container's labels.</param>
    /// <param name="now">When the new container counts as deployed.</param>
    public static DeployPlan Plan(
        DeployEnvironment environment, DeployImage image, EnvironmentSnapshot snapshot, IReadOnlyList<int> claimedPorts, bool alwaysMigrate,
        string deployId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(claimedPorts);
        var version = image.Version ?? throw new ArgumentException("The image's labels must be read first.", nameof(image));
        var live = snapshot.Live;
        var migration = MigrationDecision.Decide(image.Schema, snapshot.Records, environment.Name, alwaysMigrate);
        if (live is { IsRunning: true } && live.Digest == image.Digest)
        {
            return new DeployPlan
            {
                Environment = environment.Name,
                Image = image,
                Live = live,
                Migration = migration,
                AlreadyServing = true,
                Sequence = Converge(environment, snapshot, live),
                Replicas = 1 + live.Replicas.Count,
            };
        }

        var runs = NewColour(environment, image, snapshot, claimedPorts, deployId, now, ReplicasFor(environment, snapshot));
        var run = runs[0];
        var slot = snapshot.Edge?.ActiveSlot?.Other ?? EdgeSlot.Blue;
        var leftovers = snapshot.Containers.Where(c => c.Name == run.Name).SelectMany(c => c.AllNames).ToList();
        var liveSlot = live is null ? null : snapshot.SlotOf(live);

        // Rolling replaces replicas a batch at a time; with one replica (or nothing live) it is a blue-green switch.
        var rolling = environment.Strategy == DeployStrategy.Rolling && live is not null && liveSlot is not null && runs.Count > 1;
        var firstBatch = rolling ? runs.Take(Math.Min(environment.RollingBatch, runs.Count)).ToList() : runs;
        var start = new DeployStep[]
        {
            new RunNewColourStep(firstBatch, version, leftovers),
            new AssignSlotStep(slot, [.. firstBatch.Select(r => r.Port)], AlreadyPointed: false),
        };
        var steps = new List<DeployStep>();
        if (!migration.Migrate)
        {
            steps.AddRange(start);
        }
        else if (environment.BootDuringMigrations)
        {
            steps.AddRange(start);
            steps.Add(new MigrateStep(image.Reference, version, migration.Reason, WhileBooting: true, live?.Version));
        }
        else
        {
            steps.Add(new MigrateStep(image.Reference, version, migration.Reason, WhileBooting: false, live?.Version));
            steps.AddRange(start);
        }

        steps.Add(new GateStep(slot, [.. firstBatch.Select(r => r.Name)], [.. firstBatch.Select(r => r.Port)], version, environment.ReadinessPasses, migration.Migrate ? null : migration.Reason));
        (AppContainer, EdgeSlot)? switchBack = live is not null && liveSlot is { } back ? (live, back) : null;
        if (environment.SmokeTests.Where(c => c.Stages.HasFlag(SmokeStages.Preview)).ToList() is { Count: > 0 } preview)
        {
            steps.Add(new SmokeStep(slot, SmokeStages.Preview, preview, run.Name, version, null));
        }

        if (environment.Strategy == DeployStrategy.Canary && live is not null && liveSlot is { } stableSlot)
        {
            // A first deploy has nothing to compare with and nobody to protect: it switches at once, as blue-green does.
            var shares = environment.CanarySteps;
            steps.AddRange(shares.Select((percent, index) => new CanaryStep(
                slot, percent, index + 1, shares.Count, environment.CanaryStepWindow, environment.CanaryQuietTimeout, run.Name, version, (live, stableSlot))));
        }

        if (rolling)
        {
            steps.AddRange(RollingBatches(environment.RollingBatch, runs, slot, version, (live!, liveSlot!.Value)));
        }

        steps.Add(new SwitchStep(slot, version, Warm: false, Gated: true));
        if (environment.SmokeTests.Where(c => c.Stages.HasFlag(SmokeStages.Public)).ToList() is { Count: > 0 } afterSwitch)
        {
            steps.Add(new SmokeStep(slot, SmokeStages.Public, afterSwitch, run.Name, version, switchBack));
        }

        // The other roles follow the web role once it serves (Kamal boots them after the web role too); before the bake, so
        // a role's failure and the bake's both switch the whole version back with the previous web and roles warm.
        steps.AddRange(environment.Roles.Select(role => new RoleDeployStep(
            role, version, image.Digest, role.RunsHere ? RoleRunSpec.For(environment.Name, role, version, image.Digest, image.Reference, deployId) : [], slot, run.Name, switchBack)));

        if (environment.BakeWindow > TimeSpan.Zero)
        {
            steps.Add(new BakeStep(slot, environment.BakeWindow, run.Name, version, switchBack));
        }

        if (live is not null)
        {
            steps.Add(new RetireStep(live, liveSlot, environment.KeepPreviousRunning));
        }

        steps.Add(new PruneStep(run.Name, live?.Name, environment.KeepPreviousRunning ? live?.Name : null, environment.RetainedVersions, snapshot.Records));
        return new DeployPlan { Environment = environment.Name, Image = image, Live = live, Migration = migration, Sequence = steps, Replicas = runs.Count };
    }

    /// <summary>
    /// How many containers the new version starts with: the count an operator scaled to, when a Scale came after the last
    /// deploy or rollback (so a deploy in the middle of a busy hour does not undo it); otherwise the declared
    /// <see cref="DeployEnvironment.Replicas"/>, so a changed declaration takes effect with the next deploy.
    /// </summary>
    public static int ReplicasFor(DeployEnvironment environment, EnvironmentSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return ReplicasFor(environment, snapshot.Records);
    }

    /// <summary><see cref="ReplicasFor(DeployEnvironment, EnvironmentSnapshot)"/> from a deploy log (records of other environments are skipped).</summary>
    public static int ReplicasFor(DeployEnvironment environment, IEnumerable<DeployRecord> records)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(records);
        var last = records.LastOrDefault(r => r.Environment == environment.Name && r.Result == DeployResults.Succeeded && r.Kind is DeployKind.Deploy or DeployKind.Rollback or DeployKind.Scale);
        return last is { Kind: DeployKind.Scale, Replicas: { } scaled } ? scaled : environment.Replicas;
    }

    /// <summary>
    /// The batches of a rolling deploy: batch k puts the new version's replicas of that batch in rotation (the first
    /// batch's were gated before) and takes as many of the old version's out, highest numbers first. The old version's
    /// first replica stays to the end, when the switch drains it and keeps it warm for the bake.
    /// </summary>
    private static IEnumerable<RollingStep> RollingBatches(int batch, List<AppRunSpec> runs, EdgeSlot slot, string version, (AppContainer Container, EdgeSlot Slot) old)
    {
        var size = Math.Min(batch, runs.Count);
        var count = (runs.Count + size - 1) / size;
        var retiring = Enumerable.Range(2, old.Container.Replicas.Count).Reverse().ToList();
        for (var k = 0; k < count; k++)
        {
            var replicas = Enumerable.Range(k * size + 1, Math.Min(size, runs.Count - k * size)).ToList();
            var retire = k == count - 1 ? retiring.Skip(k * size).ToList() : retiring.Skip(k * size).Take(size).ToList();
            yield return new RollingStep(slot, k + 1, count, k == 0 ? [] : [.. replicas.Select(r => runs[r - 1])], replicas, retire, version, old);
        }
    }

    // Where a finished deploy ends, from a killed run's leftovers: the previous colour retired (or warm), strays stopped.
    private static List<DeployStep> Converge(DeployEnvironment environment, EnvironmentSnapshot snapshot, AppContainer live)
    {
        var other = snapshot.Containers.FirstOrDefault(c => c != live && c.IsRunning && snapshot.SlotOf(c) is { } slot && slot != snapshot.Edge?.ActiveSlot);
        var steps = new List<DeployStep>();
        if (other is not null)
        {
            steps.Add(new RetireStep(other, snapshot.SlotOf(other), environment.KeepPreviousRunning));
        }

        steps.Add(new PruneStep(live.Name, other?.Name, environment.KeepPreviousRunning ? other?.Name : null, environment.RetainedVersions, snapshot.Records));
        return steps;
    }

    private static List<AppRunSpec> NewColour(
        DeployEnvironment environment, DeployImage image, EnvironmentSnapshot snapshot, IReadOnlyList<int> claimedPorts, string deployId, DateTimeOffset now, int replicas)
    {
        var name = DeployNames.AppContainer(environment.Name, image.Version!, image.Digest);
        // A container of the same name is removed before the new one starts (with its replicas): their ports are free again.
        var claimed = claimedPorts.ToList();
        if (snapshot.Containers.FirstOrDefault(c => c.Name == name) is { } leftover)
        {
            foreach (var port in new[] { leftover }.Concat(leftover.Replicas).Select(c => c.Port))
            {
                claimed.Remove(port);
            }
        }

        var pointedAt = snapshot.Edge?.Servers.Select(s => s.Upstream?.Port ?? 0).ToList();
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [DeployLabels.Role] = DeployLabels.AppRole,
            [DeployLabels.Environment] = environment.Name,
            [DeployLabels.Version] = image.Version!,
            [DeployLabels.Digest] = image.Digest,
            [DeployLabels.Image] = image.Reference,
            [DeployLabels.DeployId] = deployId,
            [DeployLabels.DeployedAt] = now.ToString("O", CultureInfo.InvariantCulture),
        };
        if (image.Commit is not null)
        {
            labels[DeployLabels.Commit] = image.Commit;
        }

        var runs = new List<AppRunSpec>();
        for (var replica = 1; replica <= replicas; replica++)
        {
            var port = PortAllocator.Choose(environment.AppPorts, claimed, pointedAt);
            claimed.Add(port);
            runs.Add(ReplicaRun(name, image.Reference, port, labels, replica));
        }

        return runs;
    }

    /// <summary>The run of one replica of a version: its own name and port, the version's labels, and which replica it is.</summary>
    public static AppRunSpec ReplicaRun(string versionContainer, string image, int port, IReadOnlyDictionary<string, string> versionLabels, int replica)
    {
        ArgumentNullException.ThrowIfNull(versionLabels);
        var labels = new Dictionary<string, string>(versionLabels, StringComparer.Ordinal)
        {
            [DeployLabels.Port] = port.ToString(CultureInfo.InvariantCulture),
        };
        labels.Remove(DeployLabels.Replica);
        labels.Remove(DeployLabels.ReplicaOf);
        if (replica > 1)
        {
            labels[DeployLabels.Replica] = replica.ToString(CultureInfo.InvariantCulture);
            labels[DeployLabels.ReplicaOf] = versionContainer;
        }

        return new AppRunSpec { Name = DeployNames.Replica(versionContainer, replica), Image = image, Port = port, Labels = labels };
    }
}
