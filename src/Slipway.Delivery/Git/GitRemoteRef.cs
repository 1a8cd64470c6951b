namespace Slipway.Delivery.Git;

/// <summary>A ref as <c>git ls-remote</c> reports it (the remote's view, which may hold objects we do not have).</summary>
internal sealed record GitRemoteRef(string Name, string Sha);
