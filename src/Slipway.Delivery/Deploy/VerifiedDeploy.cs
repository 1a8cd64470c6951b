namespace Slipway.Delivery.Deploy;

/// <summary>
/// Which image an environment verified for a commit, read from its deploy log: the newest deploy of the commit that
/// succeeded there (switched, baked, kept) and that no later rollback undid. What production may take without a
/// rebuild; a commit without one is refused with the reason (pure: the log is read elsewhere).
/// </summary>
internal static class VerifiedDeploy
{
    public static DeployRecord? Find(IReadOnlyList<DeployRecord> records, string environment, string commit, out string reason)
    {
        ArgumentNullException.ThrowIfNull(records);
        var ofEnvironment = records.Where(r => r.Environment == environment).OrderBy(r => r.Started).ToList();
        var ofCommit = ofEnvironment.Where(r => r.Kind == DeployKind.Deploy && SameCommit(r.Commit, commit)).ToList();
        var verified = ofCommit.LastOrDefault(r => r.Result == DeployResults.Succeeded && r.Digest is not null);
        if (verified is null)
        {
            reason = ofCommit.Count == 0
                ? $"{environment} never deployed commit {Short(commit)}"
                : $"{environment}'s deploys of commit {Short(commit)} did not succeed (last: {ofCommit[^1].Result}, {ofCommit[^1].Id}: {ofCommit[^1].Message})";
            return null;
        }

        if (ofEnvironment.FirstOrDefault(r => r.Kind == DeployKind.Rollback && r.RollbackOf == verified.Id && r.MadeLive) is { } undone)
        {
            reason = $"{environment} served {verified.Version} ({verified.Id}) but {undone.Who} rolled it back ({undone.Id})";
            return null;
        }

        reason = $"{environment} served {verified.Version} ({verified.Digest}) for commit {Short(commit)} in {verified.Id}";
        return verified;
    }

    // Records carry the full SHA; a caller may hold an abbreviated one.
    private static bool SameCommit(string? recorded, string commit) =>
        recorded is not null && commit.Length >= 7 && recorded.StartsWith(commit, StringComparison.OrdinalIgnoreCase);

    private static string Short(string commit) => commit.Length > 7 ? commit[..7] : commit;
}
