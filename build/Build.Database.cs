using Slipway.Engine;

/// <summary>Catalog.Api's database, per environment: a secret the deploy and rollback jobs hand to the app.</summary>
sealed partial class Build
{
    /// <summary>
    /// The seeds' production database: each GitHub environment's own DATABASE_URL secret, handed to the deploy and
    /// rollback jobs only (Build.GitHubActions.cs), reaches the app's containers by name, never on a command line.
    /// </summary>
    [Parameter("Database URL Catalog.Api gets in the environment deployed or rolled back (postgresql://…; unset: SQLite in the environment's data volume)"), Secret]
    readonly string? DatabaseUrl;

    IReadOnlyDictionary<string, string> CatalogApiEnvironment
    {
        get
        {
            var variables = new Dictionary<string, string>(CatalogApiJwtEnvironment);
            if (DatabaseUrl is { Length: > 0 } url)
            {
                variables["DATABASE_URL"] = url;
            }

            return variables;
        }
    }
}
