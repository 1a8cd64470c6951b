namespace Catalog.Api.Configuration;

/// <summary>Configuration the service cannot start with; the message says what is wrong and how to fix it.</summary>
internal sealed class InvalidConfigurationException : Exception
{
    public InvalidConfigurationException()
    {
    }

    public InvalidConfigurationException(string message)
        : base(message)
    {
    }

    public InvalidConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Every problem found, so one failed start reports all of them.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}
