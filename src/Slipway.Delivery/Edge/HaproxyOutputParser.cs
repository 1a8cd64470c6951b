using System.Globalization;
using System.Text;

namespace Slipway.Delivery.Edge;

/// <summary>
/// Reads HAProxy's runtime API answers. Pure, and driven by each answer's own header line rather than fixed column
/// positions, because HAProxy appends columns between versions.
/// </summary>
internal static class HaproxyOutputParser
{
    private const string StatisticsHeader = "# pxname,";

    // 'show servers state' starts with its format version on a line of its own, then its header.
    private const string ServersStateStart = "1\n# be_id ";

    /// <summary>Parses <c>show servers state</c> output or a server-state file (format version 1).</summary>
    public static IReadOnlyList<ServerStateEntry> ParseServersState(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0)
        {
            return [];
        }

        if (lines[0].Trim() != "1")
        {
            throw new FormatException($"Expected server state format version 1, got '{Shorten(lines[0])}'.");
        }

        var header = lines.Skip(1).FirstOrDefault(l => l.StartsWith('#'))
            ?? throw new FormatException("The server state has no '# be_id be_name ...' header line.");
        var columns = Columns(header.TrimStart('#').Split(' ', StringSplitOptions.RemoveEmptyEntries));

        var entries = new List<ServerStateEntry>();
        foreach (var line in lines.Skip(1).Where(l => !l.StartsWith('#')))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string Field(string name) =>
                columns.TryGetValue(name, out var index) && index < fields.Length
                    ? fields[index]
                    : throw new FormatException($"Server state line lacks '{name}': '{Shorten(line)}'.");

            entries.Add(new ServerStateEntry(
                Backend: Field("be_name"),
                Server: Field("srv_name"),
                Address: Field("srv_addr"),
                Port: Integer(Field("srv_port"), "srv_port"),
                OperationalState: (ServerOperationalState)Integer(Field("srv_op_state"), "srv_op_state"),
                AdminBits: (ServerAdminBits)Integer(Field("srv_admin_state"), "srv_admin_state"),
                Weight: Integer(Field("srv_uweight"), "srv_uweight")));
        }

        return entries;
    }

    /// <summary>
    /// Splits the answer to <c>show servers state; show stat …</c> sent as one line (one round trip to the edge
    /// instead of two) into its two parts, at the CSV header that starts the second.
    /// </summary>
    public static (string ServersState, string Statistics) SplitServersStateAndStatistics(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var start = answer.StartsWith(StatisticsHeader, StringComparison.Ordinal) ? 0 : answer.IndexOf("\n" + StatisticsHeader, StringComparison.Ordinal);
        if (start < 0)
        {
            throw new FormatException($"Expected 'show servers state' followed by 'show stat' ('{StatisticsHeader}...'), got '{Shorten(answer)}'.");
        }

        return (answer[..start], answer[start..].TrimStart('\n'));
    }

    /// <summary>
    /// Splits the answer to <c>&lt;commands&gt;; show servers state …</c> sent as one line into the commands' own
    /// replies (empty when they succeeded) and the state that follows, at the state's format line and header.
    /// </summary>
    public static (string Reply, string ServersState) SplitReplyAndServersState(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var start = answer.StartsWith(ServersStateStart, StringComparison.Ordinal) ? 0 : answer.IndexOf("\n" + ServersStateStart, StringComparison.Ordinal) + 1;
        return start > 0 || answer.StartsWith(ServersStateStart, StringComparison.Ordinal)
            ? (answer[..start], answer[start..])
            : throw new FormatException($"Expected the commands' replies followed by 'show servers state' ('1' and '# be_id ...'), got '{Shorten(answer)}'.");
    }

    /// <summary>
    /// Splits the answer to <c>show servers state …; show map …</c> sent as one line: map entries are the lines that
    /// start with their reference (<c>0x…</c>), which no state line does.
    /// </summary>
    public static (string ServersState, string Map) SplitServersStateAndMap(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var lines = answer.Split('\n');
        return (
            string.Join('\n', lines.Where(l => !l.StartsWith("0x", StringComparison.Ordinal))),
            string.Join('\n', lines.Where(l => l.StartsWith("0x", StringComparison.Ordinal))));
    }

    /// <summary>Parses <c>show map</c> (<c>0x… key value</c> per line) into its entries (Slipway adds each key once).</summary>
    public static IReadOnlyDictionary<string, string> ParseMap(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("0x", StringComparison.Ordinal)))
        {
            var parts = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3)
            {
                throw new FormatException($"Expected '0x<ref> <key> <value>' from 'show map', got '{Shorten(line)}'.");
            }

            entries[parts[1]] = parts[2];
        }

        return entries;
    }

    /// <summary>Parses <c>show stat</c> CSV output and returns the server rows (not frontends, backends or listeners).</summary>
    public static IReadOnlyList<ServerStatistics> ParseStatistics(string csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var lines = csv.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0)
        {
            return [];
        }

        if (!lines[0].StartsWith(StatisticsHeader, StringComparison.Ordinal))
        {
            throw new FormatException($"Expected the '# pxname,svname,...' header of 'show stat', got '{Shorten(lines[0])}'.");
        }

        var columns = Columns(SplitCsv(lines[0][2..]));
        var rows = new List<ServerStatistics>();
        foreach (var line in lines.Skip(1))
        {
            var fields = SplitCsv(line);
            string? Text(string name) =>
                columns.TryGetValue(name, out var index) && index < fields.Count && fields[index].Length > 0 ? fields[index] : null;
            long Count(string name) => Text(name) is { } value ? Long(value, name) : 0;
            int? OptionalInt(string name) => Text(name) is { } value ? (int)Long(value, name) : null;

            // type 2 = server; 0, 1 and 3 are frontends, backends and listeners.
            if (Text("type") != "2")
            {
                continue;
            }

            rows.Add(new ServerStatistics
            {
                Backend = Text("pxname") ?? string.Empty,
                Server = Text("svname") ?? string.Empty,
                Status = Text("status") ?? string.Empty,
                Address = Text("addr"),
                CurrentSessions = Count("scur"),
                QueuedRequests = Count("qcur"),
                TotalSessions = Count("stot"),
                Responses1xx = Count("hrsp_1xx"),
                Responses2xx = Count("hrsp_2xx"),
                Responses3xx = Count("hrsp_3xx"),
                Responses4xx = Count("hrsp_4xx"),
                Responses5xx = Count("hrsp_5xx"),
                ConnectionErrors = Count("econ"),
                ResponseErrors = Count("eresp"),
                ConnectionsOpened = Count("connect"),
                ConnectionsReused = Count("reuse"),
                AverageResponseTimeMs = Count("rtime"),
                AverageTotalTimeMs = Count("ttime"),
                // "* " marks a check that is running right now; the status after it is the previous result.
                CheckStatus = Text("check_status")?.TrimStart('*', ' '),
                CheckCode = OptionalInt("check_code"),
                ChecksFailed = Count("chkfail"),
                ChecksDown = Count("chkdown"),
                SecondsSinceLastChange = Text("lastchg") is { } lastChange ? Long(lastChange, "lastchg") : null,
                CheckRise = OptionalInt("check_rise"),
                CheckFall = OptionalInt("check_fall"),
                CheckHealth = OptionalInt("check_health"),
            });
        }

        return rows;
    }

    private static Dictionary<string, int> Columns(IEnumerable<string> names) =>
        names.Select((name, index) => (name, index))
            .Where(c => c.name.Length > 0)
            .GroupBy(c => c.name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().index, StringComparer.Ordinal);

    /// <summary>Splits one CSV line; HAProxy quotes a field with double quotes when it holds a comma or a quote.</summary>
    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }

    private static int Integer(string value, string column) => (int)Long(value, column);

    private static long Long(string value, string column) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new FormatException($"Column '{column}' holds '{Shorten(value)}', not a number.");

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "...";
}
