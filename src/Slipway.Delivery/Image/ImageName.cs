using System.Text.RegularExpressions;
using Slipway.Engine;

namespace Slipway.Delivery.Image;

/// <summary>
/// Where an image lives: a registry (<c>host[:port]</c>) and a repository path in it, validated against the
/// distribution spec's grammar so a bad name fails before anything is built.
/// </summary>
internal sealed partial record ImageName
{
    public const string DefaultRegistry = "localhost:5000";

    /// <summary>What <c>docker pull</c> calls Docker Hub when a reference names no registry.</summary>
    public const string DockerHub = "docker.io";

    public ImageName(string registry, string repository)
    {
        if (string.IsNullOrWhiteSpace(registry) || !RegistryPattern().IsMatch(registry))
        {
            throw BuildFailedException.BadInput(
                $"'{registry}' is not a registry address: use host[:port], e.g. {DefaultRegistry} or ghcr.io.");
        }

        if (repository is not null && repository.Any(char.IsUpper) && RepositoryPattern().IsMatch(repository.ToLowerInvariant()))
        {
            // The parameter lowercases; a name that still has capitals came from code, and only the case is wrong.
            throw BuildFailedException.BadInput(
                $"Image repository '{repository}' has capital letters, which image names may not: set --image-repository " +
                $"(IMAGE_REPOSITORY) to '{repository.ToLowerInvariant()}'.");
        }

        if (string.IsNullOrWhiteSpace(repository) || !RepositoryPattern().IsMatch(repository))
        {
            throw BuildFailedException.BadInput(
                $"'{repository}' is not an image repository name: use lowercase letters, digits and single '.', '_' or '-' " +
                "between them, in '/'-separated parts, e.g. 'acme/catalog-api'.");
        }

        Registry = registry;
        Repository = repository;
    }

    public string Registry { get; }

    public string Repository { get; }

    /// <summary><c>registry/repository:tag</c>.</summary>
    public string WithTag(string tag) =>
        OciTag.IsValid(tag) ? $"{Registry}/{Repository}:{tag}" : throw new ArgumentException($"'{tag}' is not a valid tag.", nameof(tag));

    /// <summary><c>registry/repository@sha256:...</c>, the reference deploys use.</summary>
    public string WithDigest(string digest) => $"{Registry}/{Repository}@{digest}";

    public override string ToString() => $"{Registry}/{Repository}";

    /// <summary>
    /// The registry an image reference names, as <c>docker pull</c> reads it: its first path part when that has a '.' or
    /// ':' or is <c>localhost</c> (<c>mcr.microsoft.com/dotnet/aspnet</c>, <c>127.0.0.1:5000/base</c>), else Docker Hub.
    /// </summary>
    public static string RegistryOf(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return SplitRegistry(reference).Registry ?? DockerHub;
    }

    /// <summary>
    /// Registry and repository of an image name without tag or digest, as <c>docker pull</c> reads it: Docker Hub's
    /// official images are under <c>library/</c> (<c>debian</c> → <c>docker.io/library/debian</c>).
    /// </summary>
    public static ImageName OfPullName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var (registry, path) = SplitRegistry(name);
        return registry is not null ? new ImageName(registry, path) : new ImageName(DockerHub, path.Contains('/', StringComparison.Ordinal) ? path : "library/" + path);
    }

    private static (string? Registry, string Path) SplitRegistry(string reference)
    {
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? null : reference[..slash];
        return first is not null && (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost")
            ? (first, reference[(slash + 1)..])
            : (null, reference);
    }

    [GeneratedRegex(@"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::[0-9]{1,5})?$")]
    private static partial Regex RegistryPattern();

    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();
}
