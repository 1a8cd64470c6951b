using Npgsql;

namespace Catalog.Api.Commands;

/// <summary>The <c>pg_restore</c> command lines that read a custom-format backup back: list it, read it whole, restore it.</summary>
internal static class PgRestore
{
    public const string ExecutableName = "pg_restore";

    /// <summary>The archive's table of contents (<c>--list</c>): proves the header and TOC are readable; reads no data.</summary>
    public static ProcessInvocation List(string executable, string backupFile) =>
        new(executable, ["--list", backupFile], new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>
    /// Every entry read and decompressed, written as SQL to /dev/null: a truncated or corrupted data block fails here,
    /// which <c>--list</c> (TOC only) cannot see. No server is involved.
    /// </summary>
    public static ProcessInvocation ReadAll(string executable, string backupFile) =>
        new(executable, ["--file=/dev/null", backupFile], new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>
    /// Puts the backup back over the live database: each object in the archive dropped (<c>--clean --if-exists</c>) and
    /// recreated with its data, all in one transaction, so a failure changes nothing and the serving version's queries
    /// wait on the table locks for the moment it takes rather than seeing half-restored tables.
    /// </summary>
    public static ProcessInvocation Restore(string executable, string connectionString, string backupFile)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        List<string> arguments = ["--clean", "--if-exists", "--single-transaction", .. PgClient.ConnectionArguments(connection), backupFile];
        return new ProcessInvocation(executable, arguments, PgClient.Environment(connection, "catalog-api-restore"));
    }

    /// <summary>The first <c>pg_restore</c> on <paramref name="searchPath"/> (a PATH value), or null.</summary>
    public static string? Find(string? searchPath) => PgClient.Find(ExecutableName, searchPath);
}
