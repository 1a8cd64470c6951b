namespace Catalog.Api.Commands;

/// <summary>
/// What <c>pg_restore --clean</c> cannot undo: it drops only the objects the archive holds, so a table, view or
/// sequence that a migration created after the backup would survive the restore (and a foreign key from it would
/// even block dropping the table it points at). These are the relations to drop first, in the archive's schemas.
/// Pure: the live relations come from pg_catalog, the archived ones from <see cref="BackupToc"/>.
/// </summary>
internal static class StrayRelations
{
    /// <summary>A relation in the live database: schema, name and pg_class.relkind.</summary>
    internal sealed record Live(string Schema, string Name, char Kind);

    /// <summary>The schemas whose relations the restore owns: those in the archive, and public (where EF Core puts its tables).</summary>
    public static IReadOnlyList<string> Schemas(BackupToc archive)
    {
        ArgumentNullException.ThrowIfNull(archive);
        return [.. archive.Relations.Select(r => r.Schema!).Append("public").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>One <c>DROP … IF EXISTS … CASCADE</c> per live relation the archive does not hold.</summary>
    public static IReadOnlyList<string> DropStatements(BackupToc archive, IEnumerable<Live> live)
    {
        ArgumentNullException.ThrowIfNull(archive);
        var archived = archive.Relations.Select(r => (r.Schema!, r.Name)).ToHashSet();
        return [.. live
            .Where(l => !archived.Contains((l.Schema, l.Name)))
            .Select(l => $"DROP {Keyword(l.Kind)} IF EXISTS {Quote(l.Schema)}.{Quote(l.Name)} CASCADE")];
    }

    private static string Keyword(char kind) => kind switch
    {
        'v' => "VIEW",
        'm' => "MATERIALIZED VIEW",
        'S' => "SEQUENCE",
        'f' => "FOREIGN TABLE",
        _ => "TABLE",
    };

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
