using System.Text.Json;
using Slipway.Engine.Hosts;
using Slipway.Engine.Reporting;
using Slipway.Engine.Tests.Builds;
using Slipway.Engine.Tests.Support;

namespace Slipway.Engine.Tests;

/// <summary>The run report, its history of recent runs, the summary's Δ column and the live view.</summary>
public sealed class RunReportTests
{
    private BuildHarness harness = null!;

    [SetUp]
    public void SetUp()
    {
        harness = new BuildHarness();
        CacheBuild.Runs.Clear();
        OrderBuild.LastRun.Clear();
        FailureBuild.LastRun.Clear();
        harness.WriteFile("src/a.txt", "alpha");
    }

    [TearDown]
    public void TearDown() => harness.Dispose();

    private JsonElement Report() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(harness.Root, "artifacts/run-report.json"))).RootElement;

    private static JsonElement Target(JsonElement report, string name) =>
        report.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("name").GetString() == name);

    [Test]
    public void Every_run_writes_a_report_of_its_targets_outcome_and_exit_code()
    {
        Assert.That(harness.Run<FailureBuild>("After", "Cleanup"), Is.EqualTo(ExitCodes.TargetFailed));
        var report = Report();
        Assert.That(report.GetProperty("exitCode").GetInt32(), Is.EqualTo(1));
        Assert.That(report.GetProperty("invoked").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "After", "Cleanup" }));
        Assert.That(Target(report, "Broken").GetProperty("status").GetString(), Is.EqualTo("Failed"));
        Assert.That(Target(report, "Broken").GetProperty("details").GetString(), Is.EqualTo("Broken exploded"));
        Assert.That(Target(report, "After").GetProperty("status").GetString(), Is.EqualTo("NotRun"));
        Assert.That(report.GetProperty("previousRunId").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(report.GetProperty("runtime").GetString(), Does.StartWith(".NET"));
    }

    [Test]
    public void The_next_run_records_cache_hits_and_the_change_from_the_previous_run()
    {
        harness.Run<CacheBuild>("Generate");
        var first = Report().GetProperty("runId").GetString();
        harness.Run<CacheBuild>("Generate");
        var report = Report();
        Assert.That(report.GetProperty("previousRunId").GetString(), Is.EqualTo(first));
        Assert.That(report.GetProperty("cacheHits").GetInt32(), Is.EqualTo(1));
        Assert.That(Target(report, "Generate").GetProperty("cachedFromRun").GetString(), Is.EqualTo(first));
        Assert.That(Target(report, "Generate").GetProperty("changeSeconds").ValueKind, Is.EqualTo(JsonValueKind.Number));
        Assert.That(harness.Output, Does.Match(@"Target\s+Status\s+Duration\s+Δ"));
        Assert.That(harness.Output, Does.Match(@"Generate\s+Cached\s+\d+\.\ds\s+[+-]\d+\.\ds\s+up to date"));
        Assert.That(harness.Output, Does.Match(@"Total\s+\d+\.\ds\s+[+-]\d+\.\ds"));
    }

    [Test]
    public void A_first_run_has_no_change_column()
    {
        harness.Run<OrderBuild>("Compile");
        Assert.That(harness.Output, Does.Not.Contain("Δ"));
    }

    [Test]
    public void The_history_keeps_the_last_twenty_runs()
    {
        for (var i = 0; i < RunHistory.Kept + 3; i++)
        {
            harness.Run<OrderBuild>("Restore", "--no-logo");
        }

        Assert.That(Directory.GetFiles(Path.Combine(harness.Root, ".nuke/temp/runs"), "*.json"), Has.Length.EqualTo(RunHistory.Kept));
        Assert.That(new RunHistory(Engine.IO.AbsolutePath.Create(harness.Root)).Load()[0].RunId, Is.EqualTo(Report().GetProperty("runId").GetString()));
    }

    [Test]
    public void Plain_output_has_no_live_view_when_not_a_terminal()
    {
        harness.Run<OrderBuild>("Compile");
        Assert.That(harness.Output, Does.Not.Contain("\u001b[2K").And.Not.Contain("▶"));
    }

    [Test]
    public void The_live_view_shows_running_targets_with_estimates_and_an_eta()
    {
        var plan = Planning.ExecutionPlanner.Plan(TargetGraph.Create(new ParallelBuild()), ["Joined"]);
        var estimates = new Dictionary<string, TimeSpan>
        {
            ["Restore"] = TimeSpan.FromSeconds(2), ["Left"] = TimeSpan.FromSeconds(10), ["Right"] = TimeSpan.FromSeconds(4), ["Joined"] = TimeSpan.FromSeconds(6),
        };
        var view = new LiveView(plan.Targets, estimates, parallelism: 2);
        var restore = plan.Targets.Single(t => t.Name == "Restore");
        restore.Status = TargetStatus.Succeeded;
        view.Finish(restore);
        view.Start(plan.Targets.Single(t => t.Name == "Left"), TimeSpan.FromSeconds(2));
        view.Start(plan.Targets.Single(t => t.Name == "Right"), TimeSpan.FromSeconds(2));

        // At 5s: Left has 7s to go, Right 1s; Joined (6s) waits, shared by two slots: 7 + 3 = 10s.
        Assert.That(view.Eta(TimeSpan.FromSeconds(5)), Is.EqualTo(TimeSpan.FromSeconds(10)));
        Assert.That(view.Render(TimeSpan.FromSeconds(5)), Is.EqualTo("▶ Left 3.0s/~10.0s · Right 3.0s/~4.0s  [1/4 done, ETA ~10.0s]"));
    }

    [Test]
    public void The_live_view_shows_progress_inside_a_long_step_until_its_target_finishes()
    {
        var plan = Planning.ExecutionPlanner.Plan(TargetGraph.Create(new ParallelBuild()), ["Joined"]);
        var view = new LiveView(plan.Targets, new Dictionary<string, TimeSpan>(), parallelism: 2);
        var restore = plan.Targets.Single(t => t.Name == "Restore");
        var left = plan.Targets.Single(t => t.Name == "Left");
        view.Progress(left, "ignored: not running");
        view.Start(restore, TimeSpan.Zero);
        view.Progress(restore, "gate 2/3");
        var during = view.Render(TimeSpan.FromSeconds(1));
        view.Finish(restore);
        view.Start(left, TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(during, Is.EqualTo("▶ Restore 1.0s (gate 2/3)  [0/4 done]"));
            Assert.That(view.Render(TimeSpan.FromSeconds(2)), Is.EqualTo("▶ Left 1.0s  [1/4 done]"));
        });
    }

    [Test]
    public void Progress_reported_by_a_target_s_code_reaches_its_host()
    {
        using var output = new StringWriter();
        var host = new RecordingProgressHost(output);
        BuildProgress.Attach(host);
        try
        {
            var target = Planning.ExecutionPlanner.Plan(TargetGraph.Create(new ParallelBuild()), ["Restore"]).Targets[0];
            BuildProgress.Report("outside any target");
            Execution.TargetScope.Enter(target);
            BuildProgress.Report("push 1/2 tags");
            Assert.That(host.Reports, Is.EqualTo(new[] { "Restore: push 1/2 tags" }));
        }
        finally
        {
            BuildProgress.Attach(null);
        }
    }

    private sealed class RecordingProgressHost(TextWriter output) : BuildHost(output)
    {
        public List<string> Reports { get; } = [];

        public override void ReportProgress(ExecutableTarget target, string text) => Reports.Add($"{target.Name}: {text}");
    }

    [Test]
    public void The_live_view_gives_no_eta_for_a_target_never_run_before()
    {
        var plan = Planning.ExecutionPlanner.Plan(TargetGraph.Create(new ParallelBuild()), ["Joined"]);
        var view = new LiveView(plan.Targets, new Dictionary<string, TimeSpan>(), parallelism: 2);
        view.Start(plan.Targets.Single(t => t.Name == "Restore"), TimeSpan.Zero);
        Assert.That(view.Eta(TimeSpan.FromSeconds(1)), Is.Null);
        Assert.That(view.Render(TimeSpan.FromSeconds(1)), Is.EqualTo("▶ Restore 1.0s  [0/4 done]"));
    }

    [Test]
    public void In_a_terminal_the_status_line_steps_aside_for_each_log_line()
    {
        using var output = new StringWriter();
        using var host = new TerminalHost(output, useColor: false);
        var plan = Planning.ExecutionPlanner.Plan(TargetGraph.Create(new ParallelBuild()), ["Restore"]);
        host.StartLiveView(new LiveView(plan.Targets, new Dictionary<string, TimeSpan>(), 1));
        host.BeginTarget(plan.Targets[0]);
        host.WriteLog(Serilog.Events.LogEventLevel.Information, "restoring");
        host.StopLiveView();

        var text = output.ToString();
        Assert.That(text, Does.Contain("▶ Restore"));
        Assert.That(text, Does.Contain("\r\u001b[2Krestoring"), "the status line is cleared before the log line");
        Assert.That(text, Does.EndWith("\r\u001b[2K"), "no status line is left behind");
    }

    [Test]
    public void Plan_as_json_gives_waves_and_skip_decisions_with_reasons()
    {
        Assert.That(harness.Run<ParallelBuild>("Joined", "--plan", "--json", "--skip", "Left"), Is.EqualTo(0));
        var plan = JsonDocument.Parse(harness.Output).RootElement;
        var waves = plan.GetProperty("waves").EnumerateArray().Select(w => w.EnumerateArray().Select(t => t.GetString()).ToArray()).ToArray();
        Assert.That(waves, Is.EqualTo(new[] { new[] { "Restore" }, new[] { "Right" }, new[] { "Joined" } }));
        var left = plan.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "Left");
        Assert.That((left.GetProperty("decision").GetString(), left.GetProperty("reason").GetString()), Is.EqualTo(("skip", "--skip")));
        Assert.That(Directory.Exists(Path.Combine(harness.Root, ".nuke/temp/runs")), Is.False, "a plan runs nothing");
    }

    [Test]
    public void Plan_as_json_predicts_cache_hits_from_the_inputs_as_they_are()
    {
        harness.Run<CacheBuild>("Check");
        harness.WriteFile("src/a.txt", "changed");
        Assert.That(harness.Run<CacheBuild>("Check", "Plain", "--plan", "--json"), Is.EqualTo(0));
        var targets = JsonDocument.Parse(harness.Output).RootElement.GetProperty("targets").EnumerateArray()
            .ToDictionary(t => t.GetProperty("name").GetString()!, t => (t.GetProperty("decision").GetString(), t.GetProperty("reason").GetString()));
        Assert.That(targets["Generate"], Is.EqualTo(("run", "no earlier successful run with these inputs")));
        Assert.That(targets["Plain"], Is.EqualTo(("run", "declares no inputs")));

        harness.WriteFile("src/a.txt", "alpha");
        harness.Run<CacheBuild>("Check", "--plan", "--json");
        var decision = JsonDocument.Parse(harness.Output).RootElement.GetProperty("targets")[0].GetProperty("decision").GetString();
        Assert.That(decision, Is.EqualTo("cached"));
        Assert.That(CacheBuild.Runs.GetValueOrDefault("Generate"), Is.EqualTo(1), "a plan runs nothing");
    }
}
