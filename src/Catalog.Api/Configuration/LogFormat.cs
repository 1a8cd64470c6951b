namespace Catalog.Api.Configuration;

/// <summary>How log events are written to stdout.</summary>
internal enum LogFormat
{
    /// <summary>Readable lines for a developer's terminal.</summary>
    Text,

    /// <summary>One JSON object per line (CLEF), for container log collectors.</summary>
    Json,
}
