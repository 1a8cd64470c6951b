using System.Text.RegularExpressions;

namespace Slipway.Delivery.Security;

/// <summary>
/// A kind of credential and how to recognise it. When the pattern has a group named <c>value</c>, that group is the
/// secret; placeholders there (<c>${VAR}</c>, <c>&lt;password&gt;</c>, <c>***</c>) are not findings.
/// </summary>
internal sealed record SecretRule(string Id, string Description, Regex Pattern);
