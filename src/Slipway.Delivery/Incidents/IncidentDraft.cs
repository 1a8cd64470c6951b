using System.Globalization;
using System.Text;
using Slipway.Delivery.Deploy;

namespace Slipway.Delivery.Incidents;

/// <summary>
/// The start of a post-mortem (seed 003: "document issue and resolution"), written by every automatic or manual
/// rollback from the environment's deploy log: what was rolled back and why, with the figures that breached, the
/// versions and digests, who ran what, and the timeline. The facts are the log's; the people who handled it fill in
/// impact, root cause and follow-ups. Pure: the caller reads the log and writes the file.
/// </summary>
internal static class IncidentDraft
{
    /// <summary>Records before the rollback that the timeline shows at most.</summary>
    private const int TimelineRecords = 10;

    private static readonly TimeSpan TimelineWindow = TimeSpan.FromHours(24);

    /// <summary>The draft's file name: <c>production-d-20261203-093000-7f3a.md</c>.</summary>
    public static string FileName(DeployRecord rollback)
    {
        ArgumentNullException.ThrowIfNull(rollback);
        return $"{rollback.Environment}-{rollback.Id}.md";
    }

    /// <param name="rollback">The automatic rollback (a deploy whose result is rolled back) or the manual one (a rollback record).</param>
    /// <param name="log">The environment's deploy log, oldest first, including <paramref name="rollback"/>.</param>
    public static string Write(DeployRecord rollback, IReadOnlyList<DeployRecord> log, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rollback);
        ArgumentNullException.ThrowIfNull(log);
        var automatic = rollback.Kind == DeployKind.Deploy;
        var (bad, good) = automatic
            ? (Describe(rollback.Version, rollback.Digest), Describe(rollback.PreviousVersion, rollback.PreviousDigest))
            : (Describe(rollback.PreviousVersion, rollback.PreviousDigest), Describe(rollback.Version, rollback.Digest));
        var madeBadLive = automatic ? rollback : log.FirstOrDefault(r => r.Id == rollback.RollbackOf);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# Incident draft: {rollback.Environment}, {bad} rolled back to {good}\n\n");
        text.Append(CultureInfo.InvariantCulture,
            $"> Written by Slipway from {rollback.Environment}'s deploy log at {Time(now)} UTC. The facts are the log's; the sections in italics are for the people who handled it.\n\n");

        text.Append("| | |\n|---|---|\n");
        Row(text, "What happened", automatic
            ? "automatic rollback: the new version breached its bake and traffic went back to the old one (exit code 11)"
            : "manual rollback (`Rollback`)");
        Row(text, "Environment", rollback.Environment);
        Row(text, "Rolled back", $"{bad}{By(madeBadLive, "deployed")}");
        Row(text, "Serving now", good);
        Row(text, "Why", rollback.Message is { Length: > 0 } message ? message : "_not recorded: say why_");
        Row(text, "Database", rollback switch
        {
            { DatabaseRestored: true, RestoredFrom: { } from } => $"restored from `{from}`",
            { DatabaseRestored: false } => $"**restore failed**{(rollback.RestoredFrom is { } from ? $" (from `{from}`)" : string.Empty)}: the database needs attention",
            _ => "not touched",
        });
        Row(text, automatic ? "Rolled back by" : "Run by", rollback.Who + (rollback.CiRunUrl is { } run ? $" ([CI run]({run}))" : string.Empty));
        if (BadVersionServed(madeBadLive, rollback) is { } served)
        {
            Row(text, "Bad version served", served);
        }

        Row(text, "Record", $"`{rollback.Id}`");

        text.Append("\n## Timeline (UTC)\n\n| time | what | who |\n|---|---|---|\n");
        foreach (var (at, what, who) in Timeline(rollback, log))
        {
            text.Append(CultureInfo.InvariantCulture, $"| {Time(at)} | {Cell(what)} | {Cell(who)} |\n");
        }

        text.Append("""

            ## Impact

            _Who was affected, how, and for how long (the edge's access log and the monitoring for the window above)._

            ## Root cause

            _What made the rolled-back version fail, and why the checks before production did not catch it._

            ## Follow-ups

            - [ ] _A test or a check that would have caught it_
            - [ ] _The fix, deployed as a new version_

            """);
        return text.ToString();
    }

    private static IEnumerable<(DateTimeOffset At, string What, string Who)> Timeline(DeployRecord rollback, IReadOnlyList<DeployRecord> log)
    {
        var end = log.ToList().FindIndex(r => r.Id == rollback.Id);
        var records = (end < 0 ? [.. log, rollback] : log.Take(end + 1))
            .Where(r => r.Started >= rollback.Started - TimelineWindow)
            .TakeLast(TimelineRecords + 1);
        var events = new List<(DateTimeOffset At, string What, string Who)>();
        foreach (var record in records)
        {
            var what = record.Kind == DeployKind.Rollback ? $"rollback to {record.Version}" : $"deploy of {record.Version ?? record.Digest}";
            events.Add((record.Started, $"`{record.Id}` {what} started", record.Who + (record.CiRunUrl is { } run ? $" ([run]({run}))" : string.Empty)));
            if (record.Switched is { } switched)
            {
                events.Add((switched, $"{record.Version} took the traffic", string.Empty));
            }

            if (record.Finished is { } finished)
            {
                events.Add((finished, $"`{record.Id}` {record.Result}" + (record.Message is { Length: > 0 } message ? $": {message}" : string.Empty), string.Empty));
            }
        }

        return events.OrderBy(e => e.At);
    }

    private static string? BadVersionServed(DeployRecord? madeBadLive, DeployRecord rollback)
    {
        var from = madeBadLive?.Switched;
        var to = rollback.Kind == DeployKind.Deploy ? rollback.Finished : rollback.Switched ?? rollback.Finished;
        return from is { } start && to is { } end && end >= start
            ? string.Create(CultureInfo.InvariantCulture, $"{Time(start)} to {Time(end)} UTC ({Duration(end - start)})")
            : null;
    }

    private static string By(DeployRecord? record, string verb) =>
        record is null ? string.Empty : $", {verb} by {record.Who} at {Time(record.Started)} UTC (`{record.Id}`)";

    private static string Describe(string? version, string? digest) =>
        (version, digest) switch
        {
            ({ } v, { } d) => $"{v} (`{Short(d)}`)",
            ({ } v, null) => v,
            (null, { } d) => $"`{Short(d)}`",
            _ => "an unknown version",
        };

    private static string Short(string digest) => digest.Length > 19 ? digest[..19] : digest;

    private static string Duration(TimeSpan span) =>
        span < TimeSpan.FromMinutes(2)
            ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} s")
            : string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0.#} min");

    private static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static void Row(StringBuilder text, string name, string value) => text.Append(CultureInfo.InvariantCulture, $"| {name} | {Cell(value)} |\n");

    // A table cell ends at a line break or a pipe; messages can hold both.
    private static string Cell(string value) => value.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal);
}
