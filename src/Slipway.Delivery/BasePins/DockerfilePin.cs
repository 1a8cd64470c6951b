namespace Slipway.Delivery.BasePins;

/// <summary>
/// One pinned base image of a Dockerfile: <c>ARG NAME=image:tag@sha256:…</c>. <see cref="DigestStart"/> is where the
/// digest's characters begin in the file's text, so a rewrite replaces only them.
/// </summary>
/// <param name="Argument">The build argument's name, e.g. <c>RUNTIME_IMAGE</c>.</param>
/// <param name="Image">The image as written, without tag and digest, e.g. <c>mcr.microsoft.com/dotnet/aspnet</c>.</param>
/// <param name="Tag">The tag whose line the digest follows, e.g. <c>10.0</c>.</param>
/// <param name="Digest">The pinned digest, <c>sha256:</c> and 64 lowercase hex digits.</param>
/// <param name="LineNumber">1-based, for messages.</param>
/// <param name="DigestStart">Offset of <see cref="Digest"/> in the Dockerfile's text.</param>
internal sealed record DockerfilePin(string Argument, string Image, string Tag, string Digest, int LineNumber, int DigestStart)
{
    /// <summary><c>image:tag</c>, what the pin follows.</summary>
    public string TaggedImage => $"{Image}:{Tag}";
}
