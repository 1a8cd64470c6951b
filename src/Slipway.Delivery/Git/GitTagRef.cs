namespace Slipway.Delivery.Git;

/// <summary>
/// A tag as git stores it: <see cref="ObjectSha"/> is the tag object for annotated tags (the commit itself for
/// lightweight ones), <see cref="CommitSha"/> the commit it finally points at.
/// </summary>
internal sealed record GitTagRef(string Name, string ObjectSha, string CommitSha)
{
    public bool IsAnnotated => !string.Equals(ObjectSha, CommitSha, StringComparison.Ordinal);
}
