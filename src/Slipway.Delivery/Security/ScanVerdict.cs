namespace Slipway.Delivery.Security;

/// <summary>
/// The gate's answer for one digest: passed or not, why in one sentence, the record it judged (null when there was
/// none), the findings that block and the ones the allow list accepted.
/// </summary>
internal sealed record ScanVerdict(
    bool Passed,
    string Reason,
    ScanRecord? Record,
    IReadOnlyList<TrivyVulnerability> Blocking,
    IReadOnlyList<(TrivyVulnerability Finding, AcceptedAdvisory By)> Accepted);
