namespace Slipway.Delivery.Git;

/// <summary>One commit as read from <c>git log</c>: what versioning and the changelog need, nothing more.</summary>
internal sealed record GitCommit(string Sha, IReadOnlyList<string> ParentShas, DateTimeOffset CommitterDate, string Message)
{
    public string ShortSha => Sha.Length > 7 ? Sha[..7] : Sha;

    /// <summary>The first line of the message.</summary>
    public string Subject
    {
        get
        {
            var newline = Message.IndexOf('\n', StringComparison.Ordinal);
            return (newline < 0 ? Message : Message[..newline]).Trim();
        }
    }

    /// <summary>Everything after the subject line (the body and trailers), trimmed.</summary>
    public string Body
    {
        get
        {
            var newline = Message.IndexOf('\n', StringComparison.Ordinal);
            return newline < 0 ? string.Empty : Message[(newline + 1)..].Trim();
        }
    }

    public bool IsMerge => ParentShas.Count > 1;
}
