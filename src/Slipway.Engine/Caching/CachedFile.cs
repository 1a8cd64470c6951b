namespace Slipway.Engine.Caching;

/// <summary>One output file of a cached run: where it goes back, its content's hash (the object's name) and its stamp.</summary>
internal sealed record CachedFile(string Path, string Sha256, long Size, long LastWriteUtcTicks);
