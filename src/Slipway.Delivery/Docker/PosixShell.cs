namespace Slipway.Delivery.Docker;

/// <summary>Quoting for text a POSIX shell, or a shell-style split (the Docker CLI's shlex), reads back word for word.</summary>
internal static class PosixShell
{
    /// <summary>One single-quoted word; a quote inside it is closed, escaped and reopened.</summary>
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
