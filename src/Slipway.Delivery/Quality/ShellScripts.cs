namespace Slipway.Delivery.Quality;

/// <summary>Decides which repository files are shell scripts: <c>*.sh</c>/<c>*.bash</c>, or a POSIX-shell shebang.</summary>
internal static class ShellScripts
{
    private static readonly string[] Shells = ["sh", "bash", "dash", "ksh"];

    /// <param name="path">Repository-relative path.</param>
    /// <param name="firstLine">The file's first line, or null when it was not read (it has a known extension).</param>
    public static bool IsShellScript(string path, string? firstLine)
    {
        ArgumentNullException.ThrowIfNull(path);
        var extension = Path.GetExtension(path);
        if (extension is ".sh" or ".bash")
        {
            return true;
        }

        if (extension.Length > 0 || firstLine is null || !firstLine.StartsWith("#!", StringComparison.Ordinal))
        {
            return false;
        }

        // "#!/bin/bash", "#!/usr/bin/env bash", "#!/usr/bin/env -S bash -e"
        var words = firstLine[2..].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var interpreter = words.Select(w => w[(w.LastIndexOf('/') + 1)..]).FirstOrDefault(w => w is not "env" && !w.StartsWith('-'));
        return interpreter is not null && Shells.Contains(interpreter, StringComparer.Ordinal);
    }

    /// <summary>Whether the file's extension means it must be opened to look for a shebang.</summary>
    public static bool NeedsFirstLine(string path) => Path.GetExtension(path).Length == 0;
}
