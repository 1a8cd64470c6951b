using System.Text.Json;

namespace Slipway.Delivery.Orchestration.Swarm;

/// <summary>
/// One task as <c>docker service ps --format '{{json .}}'</c> prints it. <see cref="State"/> is the first word of its
/// current state, lower-case (<c>running</c>, <c>starting</c>, <c>failed</c>, <c>shutdown</c>, <c>rejected</c>, <c>complete</c>…).
/// </summary>
internal sealed record SwarmTask(string Id, string Slot, string Image, string DesiredState, string State, string? Error)
{
    /// <summary>Wanted and running (a task with a health check runs only once it passed).</summary>
    public bool IsRunning => DesiredState == "running" && State == "running";

    /// <summary>One task per line; lines that are not a task's JSON are skipped.</summary>
    public static IReadOnlyList<SwarmTask> ParseLines(string output)
    {
        var tasks = new List<SwarmTask>();
        foreach (var line in (output ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            var task = document.RootElement;
            var current = Text(task, "CurrentState") ?? string.Empty;
            tasks.Add(new SwarmTask(
                Text(task, "ID") ?? string.Empty,
                // service ps prints a past task's name as "\_ web.1": the slot is the name's last word.
                (Text(task, "Name") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? string.Empty,
                Text(task, "Image") ?? string.Empty,
                (Text(task, "DesiredState") ?? string.Empty).ToLowerInvariant(),
                current.Split(' ', 2)[0].ToLowerInvariant(),
                Text(task, "Error") is { Length: > 0 } error ? error : null));
        }

        return tasks;
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
