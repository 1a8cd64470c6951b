namespace Slipway.Delivery.Security;

/// <summary>A credential found at a file and line. It never holds the credential itself, only where and what kind.</summary>
internal sealed record SecretFinding(string Path, int Line, string Rule, string Description);
