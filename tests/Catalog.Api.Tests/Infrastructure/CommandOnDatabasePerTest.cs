using Microsoft.Extensions.Logging;

namespace Catalog.Api.Tests.Infrastructure;

/// <summary>
/// Base of the fixtures that run the service's commands (<c>backup</c>, <c>migrate</c>) in-process against a fresh
/// database per test, reading what they logged.
/// </summary>
public abstract class CommandOnDatabasePerTest(TestProvider provider) : DatabasePerTest(provider)
{
    /// <summary>What the command logged in the current test.</summary>
    protected CollectingLoggerProvider Log { get; private set; } = null!;

    /// <summary>The logger factory to hand to the command; it writes to <see cref="Log"/>.</summary>
    protected ILoggerFactory Loggers { get; private set; } = null!;

    [SetUp]
    public void CreateLog()
    {
        Log = new CollectingLoggerProvider();
        Loggers = LoggerFactory.Create(logging => logging.AddProvider(Log));
    }

    [TearDown]
    public void DisposeLog()
    {
        Loggers?.Dispose();
        Log?.Dispose();
    }
}
