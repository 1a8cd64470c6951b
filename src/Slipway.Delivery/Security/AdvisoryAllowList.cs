using System.Globalization;
using Slipway.Engine;

namespace Slipway.Delivery.Security;

/// <summary>
/// <c>.slipway/advisories.json</c>: advisories accepted for a while, each with a reason and an expiry date.
/// <code>{ "accepted": [ { "advisory": "https://github.com/advisories/GHSA-…", "package": "X", "reason": "…", "expires": "2027-03-31" } ] }</code>
/// </summary>
internal sealed class AdvisoryAllowList(IReadOnlyList<AcceptedAdvisory> entries)
{
    public const string FileName = "advisories.json";

    public IReadOnlyList<AcceptedAdvisory> Entries { get; } = entries;

    public static AdvisoryAllowList Load(string path)
    {
        using var document = PolicyFile.Open(path);
        var entries = PolicyFile.Entries(document, "accepted", path).Select((entry, index) =>
        {
            var expires = PolicyFile.Required(entry, "expires", path, index);
            return new AcceptedAdvisory(
                PolicyFile.Required(entry, "advisory", path, index),
                PolicyFile.Text(entry, "package"),
                PolicyFile.Required(entry, "reason", path, index),
                DateOnly.TryParseExact(expires, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? date
                    : throw BuildFailedException.BadInput($"{path}: entry {index + 1} has \"expires\": \"{expires}\"; use a date like 2027-03-31."));
        });
        return new AdvisoryAllowList([.. entries]);
    }

    public AcceptedAdvisory? Find(VulnerablePackage vulnerability) => Entries.FirstOrDefault(e => e.Covers(vulnerability));
}
