namespace Slipway.Delivery.Tests.Security;

/// <summary>
/// Credential-shaped values for the tests, assembled at run time so that no credential-shaped text is ever in the
/// repository (the repository's own Scan would rightly flag it).
/// </summary>
internal static class PlantedSecrets
{
    public static string GitHubToken { get; } = string.Concat("gh", "p_", Repeat("aB3dE6", 6));

    public static string FineGrainedGitHubToken { get; } = string.Concat("github", "_pat_", Repeat("A1b2C3", 13), "_x12");

    public static string AwsAccessKeyId { get; } = string.Concat("AK", "IA", "Q7XK2M4PLZ8RT3VW");

    public static string AwsSecretLine { get; } = string.Concat("aws_secret_access_key = ", Repeat("wJal/rXU+tnF", 3), "Q3Rz");

    public static string PrivateKeyHeader { get; } = string.Concat("-----BEGIN ", "RSA PRIVATE", " KEY-----");

    public static string ConnectionString { get; } = string.Concat("Host=db.internal;Username=catalog;Pass", "word=", "Tr0ub4dor-3;Database=catalog");

    public static string UrlWithPassword { get; } = string.Concat("postgres://catalog:", "Tr0ub4dor-3", "@db.internal:5432/catalog");

    public static string SlackToken { get; } = string.Concat("xo", "xb-", "1234567890-abcdefghijkl");

    public static string GoogleApiKey { get; } = string.Concat("AI", "za", Repeat("Sy9kQ", 7));

    private static string Repeat(string text, int times) => string.Concat(Enumerable.Repeat(text, times));
}
