using Slipway.Engine.Tests.Support;

namespace Slipway.Engine.Tests.GitHubActions;

/// <summary>
/// Every generated job's command, run through the real engine: it runs exactly the targets the plan says the job runs,
/// so the --skip lists really leave upstream work to upstream jobs (the engine skips dependencies only skipped targets need).
/// </summary>
public sealed class JobCommandTests
{
    private static IEnumerable<TestCaseData> Jobs() =>
        Workflows.Plan<PipelineBuild>().SelectMany(w => w.Jobs.Select(j => new TestCaseData(w.Name, j.Id).SetArgDisplayNames(w.Name, j.Id)));

    [TestCaseSource(nameof(Jobs))]
    public void The_job_command_runs_exactly_the_targets_of_the_job(string workflow, string jobId)
    {
        var job = Workflows.Plan<PipelineBuild>(workflow).Jobs.Single(j => j.Id == jobId);
        var arguments = job.Command.Split(' ').Skip(1).ToList();
        arguments.AddRange(job.Target.Name switch
        {
            "Rollback" => ["--environment", "staging"],
            "Release" => ["--version", "1.4.0"],
            _ => [],
        });

        using var harness = new BuildHarness();
        PipelineBuild.Ran.Clear();
        Assert.That(harness.Run<PipelineBuild>([.. arguments]), Is.EqualTo(0), harness.Output);
        Assert.That(PipelineBuild.Ran, Is.EqualTo(job.Runs.Select(t => t.Name)), $"{job.Command}\n{harness.Output}");
    }
}
