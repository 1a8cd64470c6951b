using System.Collections.Concurrent;

namespace Slipway.Engine.Tests.Builds;

/// <summary>
/// Targets that prove, without timing, whether they ran at the same time: the pair meets at a barrier that only opens
/// when both are inside; the Docker pair shares an exclusive resource and records any overlap.
/// </summary>
internal sealed class ParallelBuild : SlipwayBuild
{
    public static ConcurrentQueue<string> LastRun { get; } = new();

    /// <summary>Opens when both of Left and Right have arrived; a run that never overlaps them fails instead of hanging.</summary>
    public static Barrier Meeting { get; private set; } = new(2);

    public static int DockerUsers;

    public static int MostDockerUsers;

    public static TaskCompletionSource BrokenFailed { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static void Reset()
    {
        LastRun.Clear();
        Meeting = new Barrier(2);
        DockerUsers = 0;
        MostDockerUsers = 0;
        BrokenFailed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    Target Restore => _ => _.Executes(() => LastRun.Enqueue(nameof(Restore)));

    Target Left => _ => _.DependsOn(Restore).Executes(() => Meet(nameof(Left)));

    Target Right => _ => _.DependsOn(Restore).Executes(() => Meet(nameof(Right)));

    Target Joined => _ => _.DependsOn(Left, Right).Executes(() => LastRun.Enqueue(nameof(Joined)));

    Target BuildImage => _ => _.Exclusive("docker-engine").Executes(() => UseDocker(nameof(BuildImage)));

    Target StartRegistry => _ => _.Exclusive("DOCKER-ENGINE").Executes(() => UseDocker(nameof(StartRegistry)));

    Target Broken => _ => _.Executes(() =>
    {
        LastRun.Enqueue(nameof(Broken));
        BrokenFailed.SetResult();
        throw new InvalidOperationException("Broken exploded");
    });

    // Still running when Broken fails: it waits for the failure, then finishes, and must be allowed to.
    Target Slow => _ => _.Executes(async () =>
    {
        await BrokenFailed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        LastRun.Enqueue(nameof(Slow));
    });

    Target Later => _ => _.After(Slow, Broken).Executes(() => LastRun.Enqueue(nameof(Later)));

    Target Cleanup => _ => _.AssuredAfterFailure().After(Later).Executes(() => LastRun.Enqueue(nameof(Cleanup)));

    Target Chatty => _ => _.Executes(() => Serilog.Log.Information("chatty line"));

    Target Quiet => _ => _.Executes(() => Serilog.Log.Warning("quiet warning"));

    static void Meet(string name)
    {
        LastRun.Enqueue(name);
        if (!Meeting.SignalAndWait(TimeSpan.FromSeconds(30)))
        {
            throw new InvalidOperationException($"{name} waited alone: the other target never ran beside it");
        }
    }

    static void UseDocker(string name)
    {
        var users = Interlocked.Increment(ref DockerUsers);
        InterlockedMax(ref MostDockerUsers, users);
        // Long enough for the other target to arrive if the scheduler let it in; a pass never depends on it.
        Thread.Sleep(200);
        LastRun.Enqueue(name);
        Interlocked.Decrement(ref DockerUsers);
    }

    static void InterlockedMax(ref int location, int value)
    {
        int current;
        while ((current = Volatile.Read(ref location)) < value && Interlocked.CompareExchange(ref location, value, current) != current)
        {
        }
    }
}
