using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Slipway.Delivery.Tests.Release;

/// <summary>Routes Serilog's static logger into memory for one test, so tests can check what is (and is not) logged.</summary>
internal sealed class CapturedLog : IDisposable
{
    private readonly ILogger previous;
    private readonly Logger logger;
    private readonly MemorySink sink = new();

    public CapturedLog()
    {
        previous = Log.Logger;
        logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(sink).CreateLogger();
        Log.Logger = logger;
    }

    public string Text => sink.Text;

    public void Dispose()
    {
        Log.Logger = previous;
        logger.Dispose();
    }

    // Not the disposable owner itself: Serilog disposes its sinks with the logger.
    private sealed class MemorySink : ILogEventSink
    {
        private readonly Lock gate = new();
        private readonly List<string> lines = [];

        public string Text
        {
            get
            {
                lock (gate)
                {
                    return string.Join('\n', lines);
                }
            }
        }

        public void Emit(LogEvent logEvent)
        {
            lock (gate)
            {
                lines.Add(logEvent.RenderMessage() + (logEvent.Exception is null ? string.Empty : "\n" + logEvent.Exception));
            }
        }
    }
}
