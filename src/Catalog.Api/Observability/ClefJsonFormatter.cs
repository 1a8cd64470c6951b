using System.Globalization;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Json;
using Serilog.Parsing;

namespace Catalog.Api.Observability;

/// <summary>
/// One JSON object per line in CLEF (<c>@t</c> time, <c>@l</c> level, <c>@m</c> message, <c>@mt</c> template,
/// <c>@x</c> exception, then the properties), as Serilog.Formatting.Compact's RenderedCompactJsonFormatter writes it.
/// Ours because that package's version does not restore from this feed; swapping back is one line in CatalogLogging.
/// </summary>
internal sealed class ClefJsonFormatter : ITextFormatter
{
    private static readonly JsonValueFormatter ValueFormatter = new(typeTagName: "$type");

    public void Format(LogEvent logEvent, TextWriter output)
    {
        output.Write("{\"@t\":\"");
        output.Write(logEvent.Timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        output.Write("\",\"@l\":\"");
        output.Write(logEvent.Level.ToString());
        output.Write("\",\"@m\":");
        JsonValueFormatter.WriteQuotedJsonString(RenderLiteral(logEvent), output);
        output.Write(",\"@mt\":");
        JsonValueFormatter.WriteQuotedJsonString(logEvent.MessageTemplate.Text, output);
        if (logEvent.Exception is not null)
        {
            output.Write(",\"@x\":");
            JsonValueFormatter.WriteQuotedJsonString(logEvent.Exception.ToString(), output);
        }

        foreach (var (name, value) in logEvent.Properties)
        {
            output.Write(',');
            // A property named like a CLEF field would be read as that field; CLEF escapes it with a second '@'.
            JsonValueFormatter.WriteQuotedJsonString(name.StartsWith('@') ? "@" + name : name, output);
            output.Write(':');
            ValueFormatter.Format(value, output);
        }

        output.Write('}');
        output.Write('\n');
    }

    // Like RenderMessage, but strings unquoted (Serilog's ":l" format): "HTTP GET /status", not "HTTP \"GET\" \"/status\"".
    private static string RenderLiteral(LogEvent logEvent)
    {
        using var message = new StringWriter(CultureInfo.InvariantCulture);
        foreach (var token in logEvent.MessageTemplate.Tokens)
        {
            if (token is PropertyToken { Format: null } property
                && logEvent.Properties.TryGetValue(property.PropertyName, out var value)
                && value is ScalarValue { Value: string text })
            {
                message.Write(text);
            }
            else
            {
                token.Render(logEvent.Properties, message, CultureInfo.InvariantCulture);
            }
        }

        return message.ToString();
    }
}
