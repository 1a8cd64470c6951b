using System.Text.Json;
using System.Xml.Linq;
using Slipway.Delivery.Quality;
using Slipway.Engine;
using Slipway.Engine.IO;

namespace Slipway.Delivery.Security;

/// <summary>
/// The license of every NuGet package the solution's projects resolve (transitive included), written to
/// <c>artifacts/scan/licenses.json</c>; fails on a package whose license the deny-list forbids. Stands in for the
/// nuget-license tool (not on the feed here): it reads the same sources, the assets file and each package's nuspec.
/// </summary>
internal sealed class LicenseScan(AbsolutePath root, AbsolutePath scanDirectory)
{
    public const string Check = "licenses";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public async Task<ScanCheckResult> RunAsync(IEnumerable<AbsolutePath> projects, LicensePolicy policy, string policyPath)
    {
        ArgumentNullException.ThrowIfNull(projects);
        ArgumentNullException.ThrowIfNull(policy);
        var licenses = await CollectAsync(projects);
        scanDirectory.CreateDirectory();
        await File.WriteAllTextAsync(scanDirectory / "licenses.json", JsonSerializer.Serialize(licenses, Indented));
        return Evaluate(licenses, policy, RepositoryPath.Relative(root, policyPath));
    }

    public static ScanCheckResult Evaluate(IReadOnlyList<PackageLicense> licenses, LicensePolicy policy, string policyPath)
    {
        ArgumentNullException.ThrowIfNull(licenses);
        ArgumentNullException.ThrowIfNull(policy);
        var failures = new List<Finding>();
        var warnings = new List<Finding>();
        foreach (var package in licenses)
        {
            var where = package.Projects.Count > 0 ? package.Projects[0] : "?";
            if (!package.IsSpdxExpression)
            {
                warnings.Add(new Finding(where, null, "license-unknown",
                    $"{package.Package} {package.Version} declares no SPDX license expression ({package.License}); check it by hand"));
                continue;
            }

            var denied = LicenseExpression.DeniedLicenses(package.License, policy.Deny);
            if (denied.Count == 0)
            {
                continue;
            }

            var finding = new Finding(where, null, "license-denied",
                $"{package.Package} {package.Version} is licensed {package.License}, denied by {string.Join(", ", policy.Deny)} ({string.Join(", ", denied)})");
            if (policy.Exceptions.TryGetValue(package.Package, out var reason))
            {
                warnings.Add(finding with { Message = finding.Message + $"; accepted in {policyPath}: {reason}" });
            }
            else
            {
                failures.Add(finding);
            }
        }

        return new ScanCheckResult(Check, failures, warnings,
            $"{licenses.Count} packages, {failures.Count} denied license(s), {licenses.Count(l => !l.IsSpdxExpression)} without an SPDX expression");
    }

    private async Task<IReadOnlyList<PackageLicense>> CollectAsync(IEnumerable<AbsolutePath> projects)
    {
        var byPackage = new Dictionary<(string Id, string Version), (AssetsPackages.ResolvedPackage Package, List<string> Projects)>();
        foreach (var project in projects)
        {
            var assets = project.Parent! / "obj" / "project.assets.json";
            if (!assets.FileExists)
            {
                throw new BuildFailedException($"{RepositoryPath.Relative(root, assets)} is missing: restore the solution first (./build.sh Restore).");
            }

            foreach (var package in AssetsPackages.Read(await File.ReadAllTextAsync(assets)))
            {
                var key = (package.Id, package.Version);
                if (!byPackage.TryGetValue(key, out var entry))
                {
                    entry = (package, []);
                    byPackage[key] = entry;
                }

                entry.Projects.Add(RepositoryPath.Relative(root, project));
            }
        }

        var licenses = new List<PackageLicense>();
        foreach (var ((id, version), (package, users)) in byPackage.OrderBy(p => p.Key.Id, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Key.Version, StringComparer.Ordinal))
        {
            var nuspec = Path.Combine(package.Folder, id.ToLowerInvariant() + ".nuspec");
            var (license, kind) = File.Exists(nuspec) ? NuspecLicense.Read(XDocument.Load(nuspec)) : ("nuspec not found", "none");
            licenses.Add(new PackageLicense(id, version, license, kind, [.. users.Distinct(StringComparer.Ordinal)]));
        }

        return licenses;
    }
}
