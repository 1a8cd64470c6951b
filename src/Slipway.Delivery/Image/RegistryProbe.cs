namespace Slipway.Delivery.Image;

/// <summary>What a registry's <c>/v2/</c> endpoint answered: an HTTP status, or why there was no answer.</summary>
internal sealed record RegistryProbe(Uri Endpoint, int? StatusCode, string Description)
{
    public bool Answered => StatusCode is not null;

    public override string ToString() => StatusCode is { } status
        ? $"{Endpoint} answered HTTP {status} {Description}"
        : $"{Endpoint} gave no HTTP answer ({Description})";
}
