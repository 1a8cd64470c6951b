namespace Catalog.Api.Tests.Infrastructure;

/// <summary>
/// Base of the fixtures whose every test gets a fresh, empty database of the fixture's provider, dropped after the test.
/// A fixture covers every engine with <c>[TestFixtureSource(typeof(TestProviders), nameof(TestProviders.All))]</c>;
/// NUnit runs this set-up before the derived fixture's own and this tear-down after it.
/// </summary>
public abstract class DatabasePerTest
{
    protected DatabasePerTest(TestProvider provider) => Provider = provider;

    protected TestProvider Provider { get; }

    /// <summary>The current test's database.</summary>
    protected TestDatabase Database { get; private set; } = null!;

    [SetUp]
    public async Task CreateDatabaseAsync() => Database = await TestDatabase.CreateAsync(Provider);

    [TearDown]
    public async Task DropDatabaseAsync()
    {
        if (Database is not null)
        {
            await Database.DisposeAsync();
            Database = null!;
        }
    }
}
