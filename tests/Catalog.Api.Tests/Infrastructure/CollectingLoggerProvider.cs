using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Catalog.Api.Tests.Infrastructure;

/// <summary>Keeps every formatted log message (and exception text), so a test can read what a command reported.</summary>
public sealed class CollectingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> messages = new();

    public IReadOnlyList<string> Messages => [.. messages];

    public string AllText => string.Join('\n', messages);

    public ILogger CreateLogger(string categoryName) => new CollectingLogger(messages);

    public void Dispose()
    {
    }

    private sealed class CollectingLogger(ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            messages.Enqueue($"{logLevel}: {formatter(state, exception)}{(exception is null ? string.Empty : " " + exception)}");
        }
    }
}
