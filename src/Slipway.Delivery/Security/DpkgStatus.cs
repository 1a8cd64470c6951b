namespace Slipway.Delivery.Security;

/// <summary>
/// Reads <c>/var/lib/dpkg/status</c> (deb-control paragraphs separated by blank lines): the packages whose status is
/// <c>install ok installed</c>, which is what is in the image — not removed ones whose configuration stayed.
/// </summary>
internal static class DpkgStatus
{
    public static IReadOnlyList<DpkgPackage> Read(string status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var packages = new List<DpkgPackage>();
        foreach (var paragraph in status.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in paragraph.Split('\n'))
            {
                // Continuation lines (a description's body, conffiles) start with a space and belong to the field above.
                if (line.Length == 0 || char.IsWhiteSpace(line[0]))
                {
                    continue;
                }

                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    fields[line[..colon]] = line[(colon + 1)..].Trim();
                }
            }

            if (fields.TryGetValue("Package", out var name) && fields.TryGetValue("Version", out var version)
                && fields.TryGetValue("Status", out var state) && state.EndsWith(" installed", StringComparison.Ordinal))
            {
                packages.Add(new DpkgPackage(name, version, fields.GetValueOrDefault("Architecture"),
                    fields.TryGetValue("Source", out var source) ? source.Split(' ')[0] : null));
            }
        }

        return [.. packages.OrderBy(p => p.Name, StringComparer.Ordinal)];
    }
}
