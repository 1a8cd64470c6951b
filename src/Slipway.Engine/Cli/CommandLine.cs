namespace Slipway.Engine.Cli;

/// <summary>
/// The raw shape of the arguments: positional words and <c>--options</c> with the words that follow them. Which words
/// an option really takes depends on its type and is decided by <see cref="ArgumentBinder"/>.
/// </summary>
public sealed class CommandLine
{
    public List<string> Positionals { get; } = [];

    public List<CommandLineOption> Options { get; } = [];

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = new CommandLine();
        CommandLineOption? current = null;
        foreach (var arg in args)
        {
            if (arg is "-h" or "-?" or "/?")
            {
                current = new CommandLineOption("help", [], HasInlineValue: false);
                result.Options.Add(current);
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
            {
                var body = arg[2..];
                var equals = body.IndexOf('=', StringComparison.Ordinal);
                current = equals > 0
                    ? new CommandLineOption(body[..equals], [body[(equals + 1)..]], HasInlineValue: true)
                    : new CommandLineOption(body, [], HasInlineValue: false);
                result.Options.Add(current);
            }
            else if (current is { HasInlineValue: false })
            {
                current.Values.Add(arg);
            }
            else
            {
                result.Positionals.Add(arg);
            }
        }

        return result;
    }
}
