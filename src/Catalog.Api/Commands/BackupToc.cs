namespace Catalog.Api.Commands;

/// <summary>
/// The table of contents <c>pg_restore --list</c> prints, parsed: the archive's format and the relations (tables,
/// views, sequences) it holds. Pure, so the parsing is tested without a server.
/// </summary>
internal sealed record BackupToc(string? Format, IReadOnlyList<BackupToc.Entry> Entries)
{
    // Multi-word entry types come first so "TABLE DATA" is not read as a TABLE in schema "DATA".
    private static readonly string[] KnownTypes =
    [
        "TABLE DATA", "SEQUENCE SET", "SEQUENCE OWNED BY", "MATERIALIZED VIEW DATA", "MATERIALIZED VIEW", "FK CONSTRAINT",
        "DEFAULT ACL", "FOREIGN TABLE", "TABLE", "VIEW", "SEQUENCE",
    ];

    /// <summary>The relation kinds a restore must own: what is live in their schemas but not in the archive is dropped first.</summary>
    private static readonly HashSet<string> RelationTypes = new(StringComparer.Ordinal) { "TABLE", "VIEW", "MATERIALIZED VIEW", "SEQUENCE", "FOREIGN TABLE" };

    /// <summary>One line: its type (<c>TABLE</c>, <c>TABLE DATA</c>, …), schema and name (null for database-wide entries).</summary>
    internal sealed record Entry(string Type, string? Schema, string Name);

    /// <summary>The tables, views and sequences in the archive.</summary>
    public IEnumerable<Entry> Relations => Entries.Where(e => RelationTypes.Contains(e.Type) && e.Schema is not null);

    public static BackupToc Parse(string listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        string? format = null;
        var entries = new List<Entry>();
        foreach (var raw in listing.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith(';'))
            {
                // ";     Format: CUSTOM" in the header.
                var header = line.TrimStart(';').Trim();
                if (header.StartsWith("Format:", StringComparison.Ordinal))
                {
                    format = header["Format:".Length..].Trim();
                }

                continue;
            }

            if (ParseEntry(line) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return new BackupToc(format, entries);
    }

    /// <summary><c>215; 1259 16390 TABLE public Items slipway</c>: dump id; catalog oid, object oid, type, schema, name, owner.</summary>
    private static Entry? ParseEntry(string line)
    {
        var separator = line.IndexOf(';', StringComparison.Ordinal);
        if (separator <= 0 || !line[..separator].Trim().All(char.IsAsciiDigit))
        {
            return null;
        }

        var tokens = line[(separator + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length < 3)
        {
            return null;
        }

        var rest = string.Join(' ', tokens.Skip(2));
        var type = KnownTypes.FirstOrDefault(t => rest.StartsWith(t + " ", StringComparison.Ordinal));
        if (type is null)
        {
            return new Entry(tokens[2], null, string.Join(' ', tokens.Skip(3)));
        }

        var words = rest[(type.Length + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length switch
        {
            // schema, name (may contain spaces), owner
            >= 3 => new Entry(type, words[0], string.Join(' ', words[1..^1])),
            2 => new Entry(type, words[0], words[1]),
            _ => new Entry(type, null, string.Join(' ', words)),
        };
    }
}
