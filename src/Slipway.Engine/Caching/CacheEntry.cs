namespace Slipway.Engine.Caching;

/// <summary>A successful run of a target under one input key: what it wrote, and the summary notes it made.</summary>
internal sealed record CacheEntry(
    string Target,
    string Key,
    string RunId,
    DateTimeOffset CreatedUtc,
    IReadOnlyList<CachedFile> Outputs,
    IReadOnlyList<string> Notes);
