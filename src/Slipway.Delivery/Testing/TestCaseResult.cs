namespace Slipway.Delivery.Testing;

internal sealed record TestCaseResult(string Project, string Name, string Outcome, TimeSpan Duration, string? ErrorMessage, string? StackTrace = null);
