namespace Slipway.Delivery.Docker;

/// <summary>
/// What a CI runner is given to reach a server: the deploy key (a secret) and the server's pinned host keys (a plain
/// variable: public, and reviewable in the repository settings). Both null on a developer's machine, whose own ssh
/// setup is then used unchanged.
/// </summary>
/// <param name="PrivateKey">The value of <see cref="PrivateKeyVariable"/>.</param>
/// <param name="KnownHosts">The value of <see cref="KnownHostsVariable"/>.</param>
internal sealed record SshCredentials(string? PrivateKey, string? KnownHosts)
{
    public const string PrivateKeyVariable = "DEPLOY_SSH_KEY";

    public const string KnownHostsVariable = "DEPLOY_KNOWN_HOSTS";

    public static SshCredentials None { get; } = new(null, null);

    /// <summary>Whether a deploy key was given (a blank secret counts as none: an unset GitHub secret expands to "").</summary>
    public bool HasKey => !string.IsNullOrWhiteSpace(PrivateKey);

    public static SshCredentials FromEnvironment(Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        return new SshCredentials(read(PrivateKeyVariable), read(KnownHostsVariable));
    }

    // A record prints its members; this one must never print the key.
    public override string ToString() =>
        $"SshCredentials {{ PrivateKey = {(HasKey ? "***" : "(none)")}, KnownHosts = {(string.IsNullOrWhiteSpace(KnownHosts) ? "(none)" : "set")} }}";
}
