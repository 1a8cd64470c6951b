namespace Catalog.Api.Tests.Infrastructure;

/// <summary>The database engines every data-touching test runs against.</summary>
public enum TestProvider
{
    Sqlite,
    Postgres,
}
