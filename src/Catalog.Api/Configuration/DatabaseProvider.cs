namespace Catalog.Api.Configuration;

/// <summary>The database engines the service can store its catalog in.</summary>
internal enum DatabaseProvider
{
    /// <summary>An embedded SQLite file under the data directory: no server needed.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, chosen by a connection string or DATABASE_URL.</summary>
    Postgres,
}
