namespace Slipway.Delivery.Security;

/// <summary>
/// The license a NuGet package declares: an SPDX expression when it has one, otherwise what it points at
/// (<see cref="Kind"/> <c>url</c> or <c>file</c>) or nothing.
/// </summary>
internal sealed record PackageLicense(string Package, string Version, string License, string Kind, IReadOnlyList<string> Projects)
{
    public const string Expression = "expression";

    public bool IsSpdxExpression => string.Equals(Kind, Expression, StringComparison.Ordinal);
}
