using System.Text.Json;

namespace Slipway.Delivery.Orchestration.Swarm;

/// <summary>What Slipway reads of a Swarm service: the image it runs now, the one before it, the replica count and the last update's status (null before the first update).</summary>
internal sealed record SwarmService(string Name, string Image, string? PreviousImage, int Replicas, SwarmUpdateStatus? Update)
{
    /// <summary>The first service of <c>docker service inspect</c>'s JSON array.</summary>
    public static SwarmService Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var service = document.RootElement.ValueKind == JsonValueKind.Array
            ? document.RootElement.EnumerateArray().FirstOrDefault()
            : document.RootElement;
        if (service.ValueKind != JsonValueKind.Object || !service.TryGetProperty("Spec", out var spec))
        {
            throw new FormatException("docker service inspect printed no service.");
        }

        SwarmUpdateStatus? update = null;
        if (service.TryGetProperty("UpdateStatus", out var status) && status.ValueKind == JsonValueKind.Object)
        {
            update = new SwarmUpdateStatus(Text(status, "State") ?? string.Empty, Text(status, "StartedAt"), Text(status, "Message"));
        }

        var replicas = spec.TryGetProperty("Mode", out var mode) && mode.TryGetProperty("Replicated", out var replicated)
            && replicated.TryGetProperty(nameof(Replicas), out var count) && count.TryGetInt32(out var value) ? value : 0;
        return new SwarmService(
            Text(spec, "Name") ?? string.Empty,
            ImageOf(spec) ?? string.Empty,
            service.TryGetProperty("PreviousSpec", out var previous) && previous.ValueKind == JsonValueKind.Object ? ImageOf(previous) : null,
            replicas,
            update);
    }

    private static string? ImageOf(JsonElement spec) =>
        spec.TryGetProperty("TaskTemplate", out var template) && template.TryGetProperty("ContainerSpec", out var container) ? Text(container, "Image") : null;

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
