namespace Catalog.Api.Commands;

/// <summary>
/// A process to run, as data (Kamal's commands style): built and unit-tested without running anything. Secrets go in
/// <see cref="Environment"/>, never in <see cref="Arguments"/>, which other users can read from /proc.
/// </summary>
internal sealed record ProcessInvocation(string FileName, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment);
