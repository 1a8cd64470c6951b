using System.Globalization;
using System.Text;
using Slipway.Delivery.Deploy;

namespace Slipway.Delivery.Orchestration.Swarm;

/// <summary>
/// What <c>Rollback --list</c> prints for a Swarm environment (pure): every version the deploy log shows live, newest
/// first, which one the service runs, and where a plain Rollback would go (<see cref="SwarmRollbackTarget"/>). Swarm
/// keeps no stopped containers to list: the images its nodes pull by digest are the retained versions.
/// </summary>
internal static class SwarmVersionsReport
{
    public static string Render(string environment, string serviceName, IReadOnlyList<DeployRecord> log, SwarmService? service)
    {
        ArgumentNullException.ThrowIfNull(log);
        var live = log.Where(r => r.Environment == environment && r.MadeLive && r.Image is not null)
            .GroupBy(r => r.Image!, StringComparer.Ordinal)
            .Select(g => g.Last())
            .OrderByDescending(r => r.Switched ?? r.Started)
            .ToList();
        var target = service is null ? null : SwarmRollbackTarget.Previous(log, environment, service.Image);
        var rows = live.Select(r => new[]
        {
            r.Version ?? "?", r.Digest is { } digest ? RetainedVersionsReport.ShortDigest(digest) : "-",
            r.Image == service?.Image ? "LIVE" : string.Empty,
            (r.Switched ?? r.Started).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            r.Id, r.Kind.ToString().ToLowerInvariant(), r == target ? "<- Rollback goes here" : string.Empty,
        }).ToList();
        var header = new[] { "VERSION", "DIGEST", "STATE", "LIVE SINCE", "DEPLOY ID", "KIND", string.Empty };
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Versions {environment} served under Swarm, service {serviceName} (newest first):");
        PlainTextTable.AppendTo(text, header, rows);

        if (rows.Count == 0)
        {
            text.AppendLine("  (none: the deploy log shows no version live)");
        }

        if (service is null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"There is no Swarm service {serviceName}: nothing serves {environment} now.");
        }
        else if (!live.Any(r => r.Image == service.Image))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"The service runs {service.Image}, which the deploy log never shows live (changed by hand?).");
        }

        return text.ToString().TrimEnd();
    }
}
