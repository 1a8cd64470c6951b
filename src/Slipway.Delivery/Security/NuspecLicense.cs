using System.Diagnostics.CodeAnalysis;
using System.Xml.Linq;

namespace Slipway.Delivery.Security;

/// <summary>Reads the license of a package from its .nuspec: <c>&lt;license type="expression"&gt;</c>, else the legacy <c>licenseUrl</c>.</summary>
internal static class NuspecLicense
{
    // Legacy license URLs that name one license unambiguously.
    [SuppressMessage("Security", "S5332", Justification = "Compared as text with what a nuspec says; never requested.")]
    private static readonly Dictionary<string, string> KnownUrls = new(StringComparer.OrdinalIgnoreCase)
    {
        ["http://www.apache.org/licenses/LICENSE-2.0"] = "Apache-2.0",
        ["https://www.apache.org/licenses/LICENSE-2.0"] = "Apache-2.0",
        ["http://www.apache.org/licenses/LICENSE-2.0.html"] = "Apache-2.0",
        ["https://www.apache.org/licenses/LICENSE-2.0.html"] = "Apache-2.0",
        ["http://opensource.org/licenses/MIT"] = "MIT",
        ["https://opensource.org/licenses/MIT"] = "MIT",
        ["http://opensource.org/licenses/BSD-3-Clause"] = "BSD-3-Clause",
        ["https://opensource.org/licenses/BSD-3-Clause"] = "BSD-3-Clause",
        ["https://github.com/dotnet/corefx/blob/master/LICENSE.TXT"] = "MIT",
        ["https://github.com/dotnet/runtime/blob/main/LICENSE.TXT"] = "MIT",
        ["http://go.microsoft.com/fwlink/?LinkId=329770"] = "LicenseRef-MS-NET-LIBRARY",
        ["https://dotnet.microsoft.com/en/dotnet_library_license.htm"] = "LicenseRef-MS-NET-LIBRARY",
    };

    /// <summary>(license, kind): kind is <c>expression</c>, <c>file</c>, <c>url</c> or <c>none</c>.</summary>
    public static (string License, string Kind) Read(XDocument nuspec)
    {
        ArgumentNullException.ThrowIfNull(nuspec);
        var metadata = nuspec.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "metadata");
        var license = metadata?.Elements().FirstOrDefault(e => e.Name.LocalName == "license");
        if (license is not null)
        {
            var type = (string?)license.Attribute("type");
            return string.Equals(type, "expression", StringComparison.OrdinalIgnoreCase)
                ? (license.Value.Trim(), PackageLicense.Expression)
                : ("file:" + license.Value.Trim(), "file");
        }

        var url = metadata?.Elements().FirstOrDefault(e => e.Name.LocalName == "licenseUrl")?.Value.Trim();
        if (string.IsNullOrEmpty(url))
        {
            return ("none", "none");
        }

        // licenses.nuget.org/<expression> is what NuGet writes as licenseUrl for packages with an expression.
        const string NuGetLicenses = "https://licenses.nuget.org/";
        if (url.StartsWith(NuGetLicenses, StringComparison.OrdinalIgnoreCase))
        {
            return (Uri.UnescapeDataString(url[NuGetLicenses.Length..]), PackageLicense.Expression);
        }

        return KnownUrls.TryGetValue(url, out var known) ? (known, PackageLicense.Expression) : (url, "url");
    }
}
