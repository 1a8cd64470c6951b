namespace Slipway.Delivery.Deploy;

/// <summary>
/// Which image an environment verified, read from its deploy log: the newest deploy of a commit (or of a digest) that
/// succeeded there (switched, baked, kept) and that no later rollback undid. What the next environment may take
/// without a rebuild; anything else is refused with the reason (pure: the log is read elsewhere).
/// </summary>
internal static class VerifiedDeploy
{
    /// <summary>The environment's verified deploy of <paramref name="commit"/> (full or abbreviated SHA).</summary>
    public static DeployRecord? Find(IReadOnlyList<DeployRecord> records, string environment, string commit, out string reason) =>
        Find(records, environment, r => SameCommit(r.Commit, commit), $"commit {Short(commit)}", out reason);

    /// <summary>The environment's verified deploy of the manifest <paramref name="digest"/> (<c>sha256:…</c>).</summary>
    public static DeployRecord? FindDigest(IReadOnlyList<DeployRecord> records, string environment, string digest, out string reason) =>
        Find(records, environment, r => string.Equals(r.Digest, digest, StringComparison.OrdinalIgnoreCase), digest, out reason);

    private static DeployRecord? Find(
        IReadOnlyList<DeployRecord> records, string environment, Func<DeployRecord, bool> ofSubject, string subject, out string reason)
    {
        ArgumentNullException.ThrowIfNull(records);
        var ofEnvironment = records.Where(r => r.Environment == environment).OrderBy(r => r.Started).ToList();
        var deploys = ofEnvironment.Where(r => r.Kind == DeployKind.Deploy && ofSubject(r)).ToList();
        var verified = deploys.LastOrDefault(r => r.Result == DeployResults.Succeeded && r.Digest is not null);
        if (verified is null)
        {
            reason = deploys.Count == 0
                ? $"{environment} never deployed {subject}"
                : $"{environment}'s deploys of {subject} did not succeed (last: {deploys[^1].Result}, {deploys[^1].Id}: {deploys[^1].Message})";
            return null;
        }

        if (ofEnvironment.FirstOrDefault(r => r.Kind == DeployKind.Rollback && r.RollbackOf == verified.Id && r.MadeLive) is { } undone)
        {
            reason = $"{environment} served {verified.Version} ({verified.Id}) but {undone.Who} rolled it back ({undone.Id})";
            return null;
        }

        reason = $"{environment} served {verified.Version} ({verified.Digest}) of commit {Short(verified.Commit ?? "unknown")} in {verified.Id}";
        return verified;
    }

    // Records carry the full SHA; a caller may hold an abbreviated one.
    private static bool SameCommit(string? recorded, string commit) =>
        recorded is not null && commit.Length >= 7 && recorded.StartsWith(commit, StringComparison.OrdinalIgnoreCase);

    private static string Short(string commit) => commit.Length > 7 ? commit[..7] : commit;
}
