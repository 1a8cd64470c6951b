namespace Catalog.Api.Commands;

/// <summary>How a <see cref="ProcessInvocation"/> ended, and what it wrote (pg_restore --list answers on stdout).</summary>
internal sealed record ProcessResult(int ExitCode, string StandardError, string StandardOutput = "");
