namespace Slipway.Engine.Tooling;

/// <summary>
/// A command line as data (Kamal's commands model): builders return one, tests assert on it without running anything,
/// and <see cref="ToolRunner"/> is the only code that starts processes.
/// </summary>
public sealed record ToolInvocation(string FileName, IReadOnlyList<string> Arguments)
{
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables added to (or, with a null value, removed from) the inherited environment.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Text written to the process's standard input, then closed. Secrets go here rather than into arguments.</summary>
    public string? StandardInput { get; init; }

    /// <summary>Values hidden in the logged command line and output in addition to the registered secrets.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];

    public TimeSpan? Timeout { get; init; }

    /// <summary>Whether each output line is logged as it arrives (builds, pushes) or only kept (queries).</summary>
    public bool LogOutput { get; init; } = true;

    public ToolInvocation(string fileName, params string[] arguments)
        : this(fileName, (IReadOnlyList<string>)arguments)
    {
    }

    public ToolInvocation WithArguments(params string[] more) => this with { Arguments = [.. Arguments, .. more] };

    public ToolInvocation WithEnvironment(string name, string? value) =>
        this with { Environment = new Dictionary<string, string?>(Environment) { [name] = value } };

    /// <summary>Several variables added at once, later ones over earlier ones of the same name (values never reach the arguments).</summary>
    public ToolInvocation WithEnvironment(IEnumerable<KeyValuePair<string, string>> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var merged = new Dictionary<string, string?>(Environment);
        foreach (var (name, value) in variables)
        {
            merged[name] = value;
        }

        return this with { Environment = merged };
    }

    /// <summary>The command line as a shell user would type it, secrets replaced by <c>***</c>.</summary>
    public string Render()
    {
        var line = string.Join(' ', new[] { FileName }.Concat(Arguments).Select(Quote));
        foreach (var secret in Secrets.Where(s => !string.IsNullOrEmpty(s)))
        {
            line = line.Replace(secret, Logging.SecretMasker.Mask, StringComparison.Ordinal);
        }

        return Logging.SecretMasker.Apply(line);
    }

    public override string ToString() => Render();

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsLetterOrDigit(c) || "-_./:=@,+%^".Contains(c))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
