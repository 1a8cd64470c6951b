using System.Globalization;
using System.Text;
using Slipway.Delivery.Edge;

namespace Slipway.Delivery.Deploy;

/// <summary>What <c>Rollback --list</c> prints: each retained version, which one is live or warm, and when it was deployed.</summary>
internal static class RetainedVersionsReport
{
    public static string Render(EnvironmentSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var live = snapshot.Live;
        var previous = snapshot.Previous;
        var rows = snapshot.Containers.OrderByDescending(c => c.DeployedAt).Select(c =>
        {
            var state = c == live ? "LIVE" : snapshot.IsWarm(c) ? "warm" : c.IsRunning ? "running" : "stopped";
            var slot = snapshot.SlotOf(c) is { } s ? s.ServerName : "-";
            var record = snapshot.RecordOf(c);
            var mark = c == previous ? "<- Rollback goes here" : string.Empty;
            return new[]
            {
                c.Version, ShortDigest(c.Digest), state, slot,
                c.DeployedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                c.DeployId ?? "-", record?.Result ?? "-", mark,
            };
        }).ToList();

        var header = new[] { "VERSION", "DIGEST", "STATE", "SLOT", "DEPLOYED", "DEPLOY ID", "RESULT", string.Empty };
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Retained versions of {snapshot.Environment} (newest first):");
        PlainTextTable.AppendTo(text, header, rows);

        if (rows.Count == 0)
        {
            text.AppendLine("  (none: nothing has been deployed to this environment on this host)");
        }

        if (snapshot.Edge is { } edge && live is null && edge.ActiveSlot is { } active)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"The edge serves {active.ServerName} ({edge[active].Upstream}), which no retained container listens on.");
        }

        return text.ToString().TrimEnd();
    }

    public static string ShortDigest(string digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var hex = digest.Contains(':', StringComparison.Ordinal) ? digest[(digest.IndexOf(':', StringComparison.Ordinal) + 1)..] : digest;
        return "sha256:" + hex[..Math.Min(12, hex.Length)];
    }
}
