using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Xml.Linq;

namespace Slipway.Delivery.Testing;

/// <summary>Reads the VSTest TRX format: per-test outcomes and durations, so totals come from results, not console text.</summary>
internal static class TrxReader
{
    [SuppressMessage("Security", "S5332", Justification = "An XML namespace name, not a URL that is requested.")]
    private static readonly XNamespace Trx = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    public static TestRunSummary Read(string trxFile)
    {
        var project = Path.GetFileNameWithoutExtension(trxFile);
        var document = XDocument.Load(trxFile);
        var results = document.Descendants(Trx + "UnitTestResult")
            .Select(r => new TestCaseResult(
                project,
                (string?)r.Attribute("testName") ?? "?",
                (string?)r.Attribute("outcome") ?? "Unknown",
                TimeSpan.TryParse((string?)r.Attribute("duration"), CultureInfo.InvariantCulture, out var duration) ? duration : TimeSpan.Zero,
                r.Descendants(Trx + "Message").FirstOrDefault()?.Value,
                r.Descendants(Trx + "StackTrace").FirstOrDefault()?.Value))
            .ToList();
        return new TestRunSummary(
            results.Count(r => r.Outcome == "Passed"),
            results.Count(r => r.Outcome is "Failed" or "Error" or "Timeout" or "Aborted"),
            results.Count(r => r.Outcome is "NotExecuted" or "Inconclusive" or "Skipped"),
            results);
    }
}
