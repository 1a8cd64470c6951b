namespace Slipway.Delivery.Image;

/// <summary>A registry login. The password is a secret: it goes to <c>docker login</c> on standard input only.</summary>
internal sealed record RegistryCredentials(string Username, string Password)
{
    // Keeps the password out of logged records and exception messages built from this record.
    public override string ToString() => $"{Username}:***";
}
