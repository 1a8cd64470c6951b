using System.Text.Json;
using Catalog.Api.Observability;
using Serilog.Events;
using Serilog.Parsing;

namespace Catalog.Api.Tests.Unit;

public sealed class ClefJsonFormatterTests
{
    [Test]
    public void An_event_is_one_json_line_with_clef_fields_and_properties()
    {
        var template = new MessageTemplateParser().Parse("HTTP {RequestMethod} {RequestPath} responded {StatusCode}");
        var logEvent = new LogEvent(
            new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero),
            LogEventLevel.Warning,
            new InvalidOperationException("boom"),
            template,
            [
                new LogEventProperty("RequestMethod", new ScalarValue("GET")),
                new LogEventProperty("RequestPath", new ScalarValue("/status")),
                new LogEventProperty("StatusCode", new ScalarValue(404)),
                new LogEventProperty("@odd", new ScalarValue("x")),
            ]);
        using var output = new StringWriter();

        new ClefJsonFormatter().Format(logEvent, output);

        var text = output.ToString();
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.EndWith("}\n").And.Not.Contain("\n{"));
            Assert.That(root.GetProperty("@t").GetString(), Is.EqualTo("2026-11-21T10:00:00.0000000Z"));
            Assert.That(root.GetProperty("@l").GetString(), Is.EqualTo("Warning"));
            Assert.That(root.GetProperty("@m").GetString(), Is.EqualTo("HTTP GET /status responded 404"));
            Assert.That(root.GetProperty("@mt").GetString(), Is.EqualTo("HTTP {RequestMethod} {RequestPath} responded {StatusCode}"));
            Assert.That(root.GetProperty("@x").GetString(), Does.Contain("boom"));
            Assert.That(root.GetProperty("StatusCode").GetInt32(), Is.EqualTo(404));
            Assert.That(root.GetProperty("@@odd").GetString(), Is.EqualTo("x"));
        });
    }
}
