using Slipway.Delivery.Quality;
using Slipway.Delivery.Testing;
using Slipway.Engine.IO;

namespace Slipway.Delivery.Tests.Quality;

public class TestReportTests
{
    private static readonly TestRunSummary Summary = new(2, 1, 1,
    [
        new TestCaseResult("A.Tests", "Fast", "Passed", TimeSpan.FromMilliseconds(5), null),
        new TestCaseResult("A.Tests", "Slow", "Passed", TimeSpan.FromSeconds(12.5), null),
        new TestCaseResult("B.Tests", "Broken | piped", "Failed", TimeSpan.FromSeconds(1), "Expected: 3\n  But was: 4",
            "   at B.Tests.BrokenTests.Broken() in /repo/tests/B.Tests/BrokenTests.cs:line 21\n   at System.RuntimeMethodHandle.InvokeMethod()"),
        new TestCaseResult("B.Tests", "Ignored", "NotExecuted", TimeSpan.Zero, null),
    ]);

    [Test]
    public void Failures_and_the_slowest_tests_are_picked_from_the_results()
    {
        var report = new TestReport(Summary, [], 80, CoverageEnforced: true);

        Assert.That(report.Failures.Select(f => f.Name), Is.EqualTo(new[] { "Broken | piped" }));
        Assert.That(report.Slowest.Select(f => f.Name).First(), Is.EqualTo("Slow"));
        Assert.That(report.Slowest, Has.Count.EqualTo(4));
    }

    [Test]
    public void The_job_summary_shows_totals_failures_slowest_and_coverage()
    {
        var report = new TestReport(Summary, [new ProjectCoverage("A", 95, 100), new ProjectCoverage("B", 50, 100)], 80, CoverageEnforced: true);

        var markdown = report.ToMarkdown();

        Assert.That(markdown, Does.StartWith("### ❌ Tests"));
        Assert.That(markdown, Does.Contain("**2 passed, 1 failed, 1 skipped**"));
        Assert.That(markdown, Does.Contain("| Broken \\| piped | B.Tests | Expected: 3 |"));
        Assert.That(markdown, Does.Contain("| Slow | A.Tests | 12.50 |"));
        Assert.That(markdown, Does.Contain("| A | 95/100 | 95.0% | ✅ |"));
        Assert.That(markdown, Does.Contain("| B | 50/100 | 50.0% | ❌ |"));
        Assert.That(report.BelowThreshold.Select(p => p.Project), Is.EqualTo(new[] { "B" }));
        Assert.That(report.CoverageLine, Is.EqualTo("Coverage: A 95.0%, B 50.0% (threshold 80%)"));
    }

    [Test]
    public void A_filtered_run_warns_about_coverage_instead_of_failing()
    {
        var report = new TestReport(Summary, [new ProjectCoverage("B", 50, 100)], 80, CoverageEnforced: false);

        Assert.That(report.ToMarkdown(), Does.Contain("| B | 50/100 | 50.0% | ⚠️ |"));
    }

    [Test]
    public void A_threshold_of_zero_turns_the_check_off()
    {
        var report = new TestReport(Summary, [new ProjectCoverage("B", 0, 100)], 0, CoverageEnforced: true);

        Assert.That(report.BelowThreshold, Is.Empty);
        Assert.That(report.CoverageLine, Does.EndWith("(threshold off)"));
    }

    [Test]
    public void A_failed_test_is_located_at_its_first_frame_in_the_repository()
    {
        var root = AbsolutePath.Create("/repo");

        Assert.That(TestFailureLocation.Find(Summary.Results[2].StackTrace, root), Is.EqualTo(("tests/B.Tests/BrokenTests.cs", 21)));
        Assert.That(TestFailureLocation.Find("   at X.Y() in /usr/src/elsewhere/Z.cs:line 3", root), Is.Null);
        Assert.That(
            TestFailureLocation.Find(
                "   at Slipway.Engine.Tooling.ToolResult.EnsureSuccess() in /repo/src/Slipway.Engine/Tooling/ToolResult.cs:line 9\n" +
                "   at Image.Tests.SetUp() in /repo/tests/Image.Tests/ImageTests.cs:line 40",
                root),
            Is.EqualTo(("tests/Image.Tests/ImageTests.cs", 40)));
        Assert.That(TestFailureLocation.Find("   at A.B() in /repo/src/A/B.cs:line 5", root), Is.EqualTo(("src/A/B.cs", 5)));
        Assert.That(TestFailureLocation.Find(null, root), Is.Null);
    }
}
