using System.Globalization;
using System.Net;

namespace Slipway.Delivery.Edge;

/// <summary>
/// The runtime API command lines Slipway sends, as data (the Kamal model): built and unit-tested without an edge, then
/// sent by an <see cref="IEdgeRuntimeTransport"/>. Names are the config's own, so no user text reaches a command line.
/// </summary>
internal static class RuntimeApiCommands
{
    public static string ShowServersState(string? backend = null) =>
        backend is null ? "show servers state" : $"show servers state {Name(backend)}";

    /// <summary>The server rows (type 4) of one backend in CSV.</summary>
    public static string ShowStat(string backend) => $"show stat {Name(backend)} 4 -1";

    public static string SetState(string backend, string server, ServerAdminState state) =>
        $"set server {Name(backend)}/{Name(server)} state " + state switch
        {
            ServerAdminState.Ready => "ready",
            ServerAdminState.Drain => "drain",
            ServerAdminState.Maintenance => "maint",
            _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown admin state."),
        };

    public static string SetAddress(string backend, string server, IPEndPoint upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);

        // HAProxy silently wraps an out-of-range port (70000 becomes 4464), so the range is checked here.
        if (upstream.Port is < 1 or > IPEndPoint.MaxPort)
        {
            throw new ArgumentOutOfRangeException(nameof(upstream), upstream.Port, "An upstream port must be between 1 and 65535.");
        }

        return $"set server {Name(backend)}/{Name(server)} addr {upstream.Address} port {upstream.Port.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The server's share of new requests relative to the other servers' weights; 0 takes it out of the balancing at once.</summary>
    public static string SetWeight(string backend, string server, int weight)
    {
        // HAProxy's range; it refuses more, and a typo must not become a silent clamp.
        ArgumentOutOfRangeException.ThrowIfNegative(weight);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(weight, 256);
        return $"set weight {Name(backend)}/{Name(server)} {weight.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>Empties a map file's entries in memory (the file itself is Slipway's to write).</summary>
    public static string ClearMap(string file) => $"clear map {MapFile(file)}";

    /// <summary>Adds an entry to a map in memory; key and value must be single plain words (digits, base64).</summary>
    public static string AddMap(string file, string key, string value) => $"add map {MapFile(file)} {Word(key)} {Word(value)}";

    /// <summary>A map's entries, one <c>0x… key value</c> line each.</summary>
    public static string ShowMap(string file) => $"show map {MapFile(file)}";

    /// <summary>Forces the server's check result down, so it must pass <c>rise</c> fresh checks before it counts as up.</summary>
    public static string ForceHealthDown(string backend, string server) => $"set server {Name(backend)}/{Name(server)} health down";

    /// <summary>
    /// Forces the server's health up (HAProxy sets it to <c>rise + fall - 1</c>), so it takes traffic before it reached
    /// <c>rise</c> by itself; its next failing checks still take it down after <c>fall</c>.
    /// </summary>
    public static string ForceHealthUp(string backend, string server) => $"set server {Name(backend)}/{Name(server)} health up";

    /// <summary>
    /// Several commands on one line: HAProxy runs them back to back within one connection, with no other runtime
    /// command in between — how a switch enables the new slot and drains the old one at once.
    /// </summary>
    public static string Sequence(params IEnumerable<string> commands) => string.Join("; ", commands);

    private static string MapFile(string file) =>
        file.StartsWith('/') && file.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.')
            ? file
            : throw new ArgumentException($"'{file}' is not a plain absolute map file path.", nameof(file));

    // The runtime API splits on spaces and ';' and interprets backslashes: only words that need none of that go in.
    private static string Word(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '+' or '/' or '=' or '-' or '.')
            ? word
            : throw new ArgumentException($"'{word}' is not a plain runtime API word (letters, digits, base64).", nameof(word));

    private static string Name(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? name
            : throw new ArgumentException($"'{name}' is not a plain HAProxy proxy or server name.", nameof(name));
}
