using System.Globalization;
using System.Text;

namespace Slipway.Delivery.BasePins;

/// <summary>The branch, commit message and pull request text of a pin refresh, as data.</summary>
internal static class BasePinPullRequest
{
    /// <summary>A Conventional Commits title CheckPullRequest accepts (<c>build(deps)</c>, as Dependabot's NuGet updates).</summary>
    public const string Title = "build(deps): refresh the Dockerfile's base image pins";

    /// <summary><c>deps/base-pins-2026-12-07</c>: one branch per day, so a re-run the same day updates its own pull request.</summary>
    public static string BranchName(DateTimeOffset now) =>
        "deps/base-pins-" + now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The pull request's body (and the commit message's): each changed pin, old and new digest.</summary>
    public static string Body(IReadOnlyList<BasePinStatus> changed, string dockerfile)
    {
        ArgumentNullException.ThrowIfNull(changed);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"The tags of these base images in `{dockerfile}` now name other digests:\n\n");
        text.Append("| pin | tag | old digest | new digest |\n|---|---|---|---|\n");
        foreach (var status in changed)
        {
            text.Append(CultureInfo.InvariantCulture, $"| `{status.Pin.Argument}` | `{status.Pin.TaggedImage}` | `{status.Pin.Digest}` | `{status.CurrentDigest}` |\n");
        }

        text.Append("\nOpened by `./build.sh RefreshBasePins --open-pull-request` (docs/image.md, \"Keeping the pins fresh\"). ");
        text.Append("CI builds and scans the image from the new bases; merge when it passes.\n");
        return text.ToString();
    }

    /// <summary>The table printed for every pin: pin, tag, old -> new digest (or unchanged), digests in full.</summary>
    public static string Table(IReadOnlyList<BasePinStatus> pins)
    {
        ArgumentNullException.ThrowIfNull(pins);
        var rows = pins.Select(p => (p.Pin.Argument, p.Pin.TaggedImage, Change: p.Changed ? $"{p.Pin.Digest} -> {p.CurrentDigest}" : $"{p.Pin.Digest} (unchanged)")).ToList();
        var pinWidth = Math.Max("pin".Length, rows.Max(r => r.Argument.Length));
        var tagWidth = Math.Max("tag".Length, rows.Max(r => r.TaggedImage.Length));
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{"pin".PadRight(pinWidth)}  {"tag".PadRight(tagWidth)}  digest\n");
        foreach (var (argument, tag, change) in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{argument.PadRight(pinWidth)}  {tag.PadRight(tagWidth)}  {change}\n");
        }

        return text.ToString().TrimEnd('\n');
    }
}
