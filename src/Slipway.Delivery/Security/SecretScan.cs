using Slipway.Delivery.Quality;
using Slipway.Engine.IO;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Security;

/// <summary>
/// Scans the files git tracks (and untracked files that are not ignored, so a credential is caught before its first
/// commit) for credentials. Binary and very large files are skipped. Findings name file, line and kind, never the value.
/// Stands in for gitleaks (a Go binary that no registry reachable here ships); its rule ids are kept gitleaks-like so
/// a move to it stays mechanical.
/// </summary>
internal sealed class SecretScan(AbsolutePath root)
{
    public const string Check = "secrets";

    private const long MaxFileBytes = 2 * 1024 * 1024;

    public async Task<ScanCheckResult> RunAsync(SecretAllowList allowList, string allowListPath)
    {
        ArgumentNullException.ThrowIfNull(allowList);
        var files = (await ToolRunner.RunAsync(LintCommands.ListRepositoryFiles(root))).EnsureSuccess().OutputLines;
        var relativeAllowList = RepositoryPath.Relative(root, allowListPath);
        var failures = new List<Finding>();
        var allowed = 0;
        var scanned = 0;
        foreach (var file in files)
        {
            var text = await ReadTextAsync(root / file);
            if (text is null)
            {
                continue;
            }

            scanned++;
            foreach (var finding in SecretScanner.Scan(file, text))
            {
                if (allowList.Allows(finding))
                {
                    allowed++;
                    continue;
                }

                failures.Add(new Finding(finding.Path, finding.Line, "secret/" + finding.Rule,
                    $"{finding.Description} (value not shown): remove it from the repository and rotate it; if it is not a real credential, allow it in {relativeAllowList} with a reason"));
            }
        }

        var summary = $"{scanned} files scanned, {failures.Count} credential(s) found" + (allowed > 0 ? $", {allowed} allowed by {relativeAllowList}" : string.Empty);
        return new ScanCheckResult(Check, failures, [], summary);
    }

    private static async Task<string?> ReadTextAsync(AbsolutePath path)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length > MaxFileBytes)
        {
            return null;
        }

        var bytes = await File.ReadAllBytesAsync(path);
        return Array.IndexOf(bytes, (byte)0, 0, Math.Min(bytes.Length, 8000)) >= 0 ? null : System.Text.Encoding.UTF8.GetString(bytes);
    }
}
