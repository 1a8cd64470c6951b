using System.Xml.Linq;
using Slipway.Delivery.Security;

namespace Slipway.Delivery.Tests.Security;

public class LicenseTests
{
    private static readonly IReadOnlyList<string> Deny = LicensePolicy.DefaultDeny;

    [TestCase("MIT", new string[0])]
    [TestCase("GPL-3.0-only", new[] { "GPL-3.0-only" })]
    [TestCase("GPL-2.0+", new[] { "GPL-2.0+" })]
    [TestCase("AGPL-3.0-or-later", new[] { "AGPL-3.0-or-later" })]
    [TestCase("SSPL-1.0", new[] { "SSPL-1.0" })]
    [TestCase("LGPL-2.1-only", new string[0])]
    [TestCase("MIT OR GPL-3.0-only", new string[0])]
    [TestCase("GPL-2.0-only OR AGPL-3.0-only", new[] { "GPL-2.0-only", "AGPL-3.0-only" })]
    [TestCase("MIT AND GPL-3.0-only", new[] { "GPL-3.0-only" })]
    [TestCase("(MIT OR Apache-2.0) AND GPL-2.0-only WITH Classpath-exception-2.0", new[] { "GPL-2.0-only" })]
    [TestCase("Apache-2.0 AND (MIT OR GPL-3.0-only)", new string[0])]
    public void Spdx_expressions_are_denied_only_when_no_choice_avoids_a_denied_license(string expression, string[] denied)
    {
        Assert.That(LicenseExpression.DeniedLicenses(expression, Deny), Is.EqualTo(denied));
    }

    [Test]
    public void Nuspec_license_expression_url_and_file_are_told_apart()
    {
        Assert.That(NuspecLicense.Read(Nuspec("<license type=\"expression\">Apache-2.0</license>")), Is.EqualTo(("Apache-2.0", "expression")));
        Assert.That(NuspecLicense.Read(Nuspec("<license type=\"file\">LICENSE.txt</license>")), Is.EqualTo(("file:LICENSE.txt", "file")));
        Assert.That(NuspecLicense.Read(Nuspec("<licenseUrl>https://licenses.nuget.org/MIT</licenseUrl>")), Is.EqualTo(("MIT", "expression")));
        Assert.That(NuspecLicense.Read(Nuspec("<licenseUrl>http://www.apache.org/licenses/LICENSE-2.0</licenseUrl>")), Is.EqualTo(("Apache-2.0", "expression")));
        Assert.That(NuspecLicense.Read(Nuspec("<licenseUrl>https://example.com/eula</licenseUrl>")), Is.EqualTo(("https://example.com/eula", "url")));
        Assert.That(NuspecLicense.Read(Nuspec(string.Empty)), Is.EqualTo(("none", "none")));
    }

    [Test]
    public void A_denied_license_fails_naming_package_and_license_unless_excepted()
    {
        PackageLicense[] licenses =
        [
            new("Serilog", "3.1.1", "Apache-2.0", "expression", ["src/App/App.csproj"]),
            new("Acme.Copyleft", "1.0.0", "GPL-3.0-only", "expression", ["src/App/App.csproj"]),
            new("Old.Package", "1.0.0", "https://example.com/eula", "url", ["src/App/App.csproj"]),
        ];

        var result = LicenseScan.Evaluate(licenses, LicensePolicy.Default, ".slipway/licenses.json");
        var excepted = LicenseScan.Evaluate(
            licenses,
            LicensePolicy.Default with { Exceptions = new Dictionary<string, string> { ["Acme.Copyleft"] = "used by the build only, never shipped" } },
            ".slipway/licenses.json");

        Assert.That(result.Failures.Single().ToString(), Is.EqualTo(
            "src/App/App.csproj: license-denied: Acme.Copyleft 1.0.0 is licensed GPL-3.0-only, denied by AGPL-*, GPL-*, SSPL-* (GPL-3.0-only)"));
        Assert.That(result.Warnings.Single().Message, Does.Contain("Old.Package 1.0.0 declares no SPDX license expression"));
        Assert.That(excepted.Failed, Is.False);
        Assert.That(excepted.Warnings.Select(w => w.Message), Has.Some.Contains("accepted in .slipway/licenses.json: used by the build only"));
    }

    [Test]
    public void The_policy_file_may_replace_the_deny_list()
    {
        var directory = Directory.CreateTempSubdirectory("slipway-licenses-").FullName;
        try
        {
            var path = Path.Combine(directory, "licenses.json");
            File.WriteAllText(path, """{ "deny": ["GPL-*", "EUPL-*"], "exceptions": [ { "package": "X", "reason": "vendored" } ] }""");

            var policy = LicensePolicy.Load(path);

            Assert.That(policy.Deny, Is.EqualTo(new[] { "GPL-*", "EUPL-*" }));
            Assert.That(policy.Exceptions["x"], Is.EqualTo("vendored"));
            Assert.That(LicensePolicy.Load(Path.Combine(directory, "none.json")).Deny, Is.EqualTo(LicensePolicy.DefaultDeny));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static XDocument Nuspec(string metadata) =>
        XDocument.Parse($"<package xmlns=\"http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd\"><metadata><id>X</id>{metadata}</metadata></package>");
}
