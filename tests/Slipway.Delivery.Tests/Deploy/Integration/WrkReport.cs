using System.Globalization;
using System.Text.RegularExpressions;

namespace Slipway.Delivery.Tests.Deploy.Integration;

/// <summary>wrk's report: totals and every kind of failure it counts (absent lines mean zero).</summary>
internal sealed partial record WrkReport(long Requests, long Non2xx, long ConnectErrors, long ReadErrors, long WriteErrors, long Timeouts, string Text)
{
    public long SocketErrors => ConnectErrors + ReadErrors + WriteErrors + Timeouts;

    /// <summary>What an assertion on <see cref="SocketErrors"/> says when it fails: each kind, so a CI log tells a dropped connection from a slow one.</summary>
    public string SocketErrorsByKind => $"{SocketErrors} socket errors (connect {ConnectErrors}, read {ReadErrors}, write {WriteErrors}, timeout {Timeouts})";

    /// <summary>The zero-downtime assertion: requests were sent, and none got a non-2xx answer or a socket error.</summary>
    public void AssertNoFailedRequest()
    {
        Assert.That(Requests, Is.Positive, "wrk sent requests");
        Assert.That(Non2xx, Is.Zero, "non-2xx answers during the operation");
        Assert.That(SocketErrors, Is.Zero, SocketErrorsByKind);
    }

    public static WrkReport Parse(string text)
    {
        var requests = RequestsLine().Match(text);
        Assert.That(requests.Success, Is.True, $"wrk printed no report:\n{text}");
        var non2xx = Non2xxLine().Match(text);
        var socket = SocketLine().Match(text);
        long Group(Match match, string name) => match.Success ? long.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
        return new WrkReport(
            long.Parse(requests.Groups[1].Value, CultureInfo.InvariantCulture),
            Group(non2xx, "n"),
            Group(socket, "connect"),
            Group(socket, "read"),
            Group(socket, "write"),
            Group(socket, "timeout"),
            text);
    }

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (?<n>\d+)")]
    private static partial Regex Non2xxLine();

    [GeneratedRegex(@"Socket errors: connect (?<connect>\d+), read (?<read>\d+), write (?<write>\d+), timeout (?<timeout>\d+)")]
    private static partial Regex SocketLine();
}
