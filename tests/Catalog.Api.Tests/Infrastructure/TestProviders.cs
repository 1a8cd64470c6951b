namespace Catalog.Api.Tests.Infrastructure;

/// <summary>
/// The provider selection of the fixtures that run on every database engine, in one place:
/// <c>[TestFixtureSource(typeof(TestProviders), nameof(TestProviders.All))]</c> makes one fixture per engine.
/// </summary>
public static class TestProviders
{
    public static IEnumerable<TestProvider> All => Enum.GetValues<TestProvider>();
}
