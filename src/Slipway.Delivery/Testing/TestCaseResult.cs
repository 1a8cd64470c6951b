namespace Slipway.Delivery.Testing;

public sealed record TestCaseResult(string Project, string Name, string Outcome, TimeSpan Duration, string? ErrorMessage, string? StackTrace = null);
