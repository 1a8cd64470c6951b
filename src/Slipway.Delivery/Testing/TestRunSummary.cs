namespace Slipway.Delivery.Testing;

/// <summary>Totals of one or more test runs, read from their TRX files.</summary>
internal sealed record TestRunSummary(int Passed, int Failed, int Skipped, IReadOnlyList<TestCaseResult> Results)
{
    public int Total => Passed + Failed + Skipped;

    public static TestRunSummary Empty { get; } = new(0, 0, 0, []);

    public TestRunSummary Add(TestRunSummary other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new TestRunSummary(Passed + other.Passed, Failed + other.Failed, Skipped + other.Skipped, [.. Results, .. other.Results]);
    }

    /// <summary>The line CI and humans read: <c>120 passed, 0 failed, 2 skipped</c>.</summary>
    public string Totals => $"{Passed} passed, {Failed} failed, {Skipped} skipped";
}
