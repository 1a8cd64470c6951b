using System.Text.RegularExpressions;

namespace Slipway.Delivery.Security;

/// <summary>
/// The credentials the secret scan looks for (a small gitleaks-style rule set: what leaks from .NET services and their
/// pipelines). Patterns are specific enough to run on every tracked file without an entropy check.
/// </summary>
internal static class SecretRules
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    public static IReadOnlyList<SecretRule> All { get; } =
    [
        Rule("github-token", "GitHub token (personal, OAuth, app or refresh)", @"\b(?<value>gh[pousr]_[A-Za-z0-9]{36,255})\b"),
        Rule("github-fine-grained-token", "GitHub fine-grained personal access token", @"\b(?<value>github_pat_[A-Za-z0-9_]{82})\b"),
        Rule("aws-access-key-id", "AWS access key ID", @"\b(?<value>(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})\b"),
        Rule("aws-secret-access-key", "AWS secret access key", @"(?i)aws.{0,20}?(?:secret|private)[a-z_ ]{0,20}?['""]?\s*[:=]\s*['""]?(?<value>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])"),
        Rule("azure-storage-account-key", "Azure storage account key", @"(?i)AccountKey=(?<value>[A-Za-z0-9+/]{86,88}={0,2})"),
        Rule("azure-sas-signature", "Azure shared access signature", @"[?&]sig=(?<value>[A-Za-z0-9%+/]{43,}(?:%3D|=){0,2})"),
        Rule("google-api-key", "Google Cloud API key", @"\b(?<value>AIza[0-9A-Za-z_\-]{35})\b"),
        Rule("google-service-account-key", "Google Cloud service account key", @"""private_key_id""\s*:\s*""(?<value>[a-f0-9]{40})"""),
        Rule("slack-token", "Slack token", @"\b(?<value>xox[abposr]-[0-9A-Za-z-]{10,})\b"),
        Rule("nuget-api-key", "NuGet API key", @"\b(?<value>oy2[a-z0-9]{43})\b"),
        Rule("npm-token", "npm access token", @"\b(?<value>npm_[A-Za-z0-9]{36})\b"),
        Rule("private-key", "private key", @"-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----"),
        Rule(
            "connection-string-password",
            "password in a connection string",
            @"(?i)\b(?:server|host|data source|user id|username|uid|database)\s*=[^;""'\n]*;(?:[^;""'\n]*;)*?\s*(?:password|pwd)\s*=\s*(?<value>[^;""'\s]+)"),
        Rule("url-password", "password in a URL", @"(?i)\b[a-z][a-z0-9+.\-]*://[^/\s:@""']+:(?<value>[^/\s:@""']{3,})@[a-z0-9.\-\[\]]+"),
    ];

    private static SecretRule Rule(string id, string description, string pattern) =>
        new(id, description, new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, Timeout));
}
