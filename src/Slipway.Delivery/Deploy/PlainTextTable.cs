using System.Text;

namespace Slipway.Delivery.Deploy;

/// <summary>The column layout of the runbook's listings (<c>Rollback --list</c>): each column as wide as its widest cell, two spaces apart, no trailing spaces.</summary>
internal static class PlainTextTable
{
    public static void AppendTo(StringBuilder text, IReadOnlyList<string> header, IReadOnlyList<string[]> rows)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        foreach (var row in rows.Prepend([.. header]))
        {
            text.AppendLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }
    }
}
