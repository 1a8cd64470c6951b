namespace Slipway.Engine.Caching;

/// <summary>
/// A part of a target that is cached on its own inputs, finer than the target (one test project of Test): its name
/// (unique within the build), the files it reads (globs, as a target's <c>Inputs</c>), the values it depends on, and
/// the files it writes (globs under the root, restored on a hit).
/// </summary>
public sealed record CachedStep(string Name)
{
    public IReadOnlyList<string> Inputs { get; init; } = [];

    public IReadOnlyDictionary<string, object?> Values { get; init; } = new Dictionary<string, object?>();

    public IReadOnlyList<string> Outputs { get; init; } = [];
}
