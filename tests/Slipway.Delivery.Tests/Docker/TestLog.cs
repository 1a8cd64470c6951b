using System.Collections.Concurrent;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Slipway.Delivery.Tests.Docker;

/// <summary>Routes the product's Serilog output (tool command lines, build output) to the test log and keeps it for asserts.</summary>
internal sealed class TestLog : ILogEventSink
{
    private static readonly TestLog Instance = new();
    private readonly ConcurrentQueue<string> messages = new();

    public static IReadOnlyCollection<string> Messages => Instance.messages;

    public static void Enable() =>
        Log.Logger = new LoggerConfiguration().MinimumLevel.Information().WriteTo.Sink(Instance).CreateLogger();

    public static void Clear() => Instance.messages.Clear();

    public void Emit(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        var message = logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture);
        messages.Enqueue(message);
        TestContext.Progress.WriteLine(message);
    }
}
