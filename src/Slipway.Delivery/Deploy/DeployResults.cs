namespace Slipway.Delivery.Deploy;

/// <summary>The <c>result</c> values of deploy-log records (strings, so the log stays readable and stable across versions).</summary>
internal static class DeployResults
{
    /// <summary>The version was switched to, baked and kept.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>Stopped before the switch (exit 10): the previous version kept serving untouched.</summary>
    public const string Aborted = "aborted";

    /// <summary>Switched, breached the thresholds during the bake and was switched back automatically (exit 11).</summary>
    public const string RolledBack = "rolled-back";

    /// <summary>Anything else that went wrong; the message says what and what is serving.</summary>
    public const string Failed = "failed";

    /// <summary>The image was already serving: nothing was switched (a re-run converging after a crash, or a repeated deploy).</summary>
    public const string Unchanged = "unchanged";

    /// <summary>Written on behalf of a deploy that died holding the lock, when the next run broke its stale lock with --force.</summary>
    public const string Abandoned = "abandoned";
}
