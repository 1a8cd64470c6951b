namespace Slipway.Delivery.Tests.GitHub;

/// <summary>One request the GitHub stand-in received: raw path (escapes kept), headers, body.</summary>
internal sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : string.Empty;
}
