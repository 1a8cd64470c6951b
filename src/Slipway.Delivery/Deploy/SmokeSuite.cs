using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Slipway.Engine.Logging;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// Runs an environment's smoke checks of one stage in order (pure but for the <c>send</c> it is given): placeholders
/// replaced, answers judged, values captured for later checks. After a failure only <see cref="SmokeCheck.AlwaysRun"/>
/// checks (the cleanup) run, and only when what they need was captured.
/// </summary>
internal static partial class SmokeSuite
{
    /// <summary>The marker a suite's test data carries: unique per deploy and stage, so a cleanup (or a person) can find it and the two stages never collide.</summary>
    public static string Marker(string deployId, SmokeStages stage) => $"slipway-smoke-{deployId}-{(stage == SmokeStages.Preview ? "preview" : "public")}";

    public static async Task<IReadOnlyList<SmokeCheckRecord>> RunAsync(
        IReadOnlyList<SmokeCheck> checks, SmokeStages stage, string marker, Func<SmokeRequest, CancellationToken, Task<HttpProbeResponse?>> send,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checks);
        ArgumentNullException.ThrowIfNull(send);
        var stageName = stage == SmokeStages.Preview ? "preview" : "public";
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["marker"] = marker };
        var records = new List<SmokeCheckRecord>();
        var failed = false;
        foreach (var check in checks.Where(c => c.Stages.HasFlag(stage)))
        {
            SmokeCheckRecord Record(string verdict, string? reason, int? status = null, long ms = 0) =>
                new() { Name = check.Name, Stage = stageName, Verdict = verdict, Reason = reason, Status = status, DurationMs = ms };

            if (failed && !check.AlwaysRun)
            {
                records.Add(Record("skipped", "an earlier check failed"));
                continue;
            }

            var missing = new[] { check.Path, check.Body ?? string.Empty }.Concat(check.Headers.Values)
                .SelectMany(text => Placeholder().Matches(text).Select(m => m.Groups[1].Value))
                .FirstOrDefault(name => !values.ContainsKey(name));
            if (missing is not null)
            {
                // A cleanup with nothing to clean (its create never answered) is skipped; any other check fails.
                records.Add(check.AlwaysRun && failed
                    ? Record("skipped", $"{{{missing}}} was never captured: nothing to clean up")
                    : Record("failed", $"{{{missing}}} is not known here: capture it in an earlier check"));
                failed = true;
                continue;
            }

            var request = new SmokeRequest(
                check.Method,
                Replace(check.Path, values, Uri.EscapeDataString),
                check.Headers.ToDictionary(h => h.Key, h => Replace(h.Value, values, v => v), StringComparer.Ordinal),
                check.Body is null ? null : Replace(check.Body, values, v => v),
                check.ContentType);
            var clock = Stopwatch.StartNew();
            var answer = await send(request, cancellationToken);
            var ms = (long)clock.Elapsed.TotalMilliseconds;
            // The answer comes back as every tool's output does, with secrets masked: both sides are compared masked.
            var expected = check.ExpectBodyContains is null ? null : SecretMasker.Apply(Replace(check.ExpectBodyContains, values, v => v));
            string? reason = answer switch
            {
                null => "no HTTP answer",
                _ when answer.StatusCode != check.ExpectStatus =>
                    string.Create(CultureInfo.InvariantCulture, $"expected HTTP {check.ExpectStatus}, got {answer.StatusCode}: {Excerpt(answer.Body)}"),
                _ when expected is not null && !SecretMasker.Apply(answer.Body).Contains(expected, StringComparison.Ordinal) => $"the body lacks '{expected}': {Excerpt(answer.Body)}",
                _ => null,
            };
            if (reason is null && check.Capture is { } capture)
            {
                if (JsonProperty(answer!.Body, capture) is { } value)
                {
                    values[capture] = value;
                }
                else
                {
                    reason = $"the answer has no JSON property '{capture}' to capture: {Excerpt(answer.Body)}";
                }
            }

            records.Add(Record(reason is null ? "passed" : "failed", reason, answer?.StatusCode, ms));
            failed |= reason is not null;
        }

        return records;
    }

    /// <summary>The first failure, in words, or null when every check passed.</summary>
    public static string? DescribeFailure(IReadOnlyList<SmokeCheckRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return records.FirstOrDefault(r => r.Failed) is { } failure
            ? $"smoke check '{failure.Name}' ({failure.Stage}) failed: {failure.Reason}" +
              (records.Count(r => r.Failed) > 1 ? $" (and {records.Count(r => r.Failed) - 1} more)" : string.Empty)
            : null;
    }

    private static string Replace(string text, Dictionary<string, string> values, Func<string, string> encode) =>
        Placeholder().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var value) ? encode(value) : m.Value);

    private static string? JsonProperty(string body, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var property)
                ? property.ValueKind switch
                {
                    JsonValueKind.String => property.GetString(),
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.GetRawText(),
                    _ => null,
                }
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Excerpt(string body)
    {
        var line = body.ReplaceLineEndings(" ").Trim();
        return line.Length == 0 ? "(empty body)" : line.Length <= 200 ? line : line[..200] + "…";
    }

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Placeholder();
}
