namespace Catalog.Api.Commands;

/// <summary>How a <see cref="ProcessInvocation"/> ended.</summary>
internal sealed record ProcessResult(int ExitCode, string StandardError);
