using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Slipway.Engine.Caching;
using Slipway.Engine.Planning;

namespace Slipway.Engine.Cli;

/// <summary><c>--plan</c>: the plan as numbered text or JSON, and the whole target graph as a Mermaid flowchart.</summary>
public static class PlanWriter
{
    /// <summary>
    /// <c>--plan --json</c>: the waves of targets that can run together, and per target whether it would run, be
    /// skipped or come from the cache, with the reason. Cache decisions hash the inputs as they are now: a dependency
    /// that runs first may still change them.
    /// </summary>
    internal static string RenderJson(ExecutionPlan plan, int parallelism, TargetCache? cache)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var waves = TargetScheduler.Waves(plan.Targets);
        var targets = new JsonArray();
        foreach (var target in plan.Targets)
        {
            var (decision, reason) = Decide(target, cache);
            targets.Add(new JsonObject
            {
                ["name"] = target.Name,
                ["wave"] = waves.Select((w, i) => (w, i)).Where(x => x.w.Contains(target)).Select(x => (int?)x.i + 1).FirstOrDefault(),
                ["decision"] = decision,
                ["reason"] = reason,
                ["dependsOn"] = new JsonArray([.. target.DependsOn.Select(d => (JsonNode?)d.Name)]),
                ["exclusive"] = new JsonArray([.. target.ExclusiveResources.Order(StringComparer.Ordinal).Select(r => (JsonNode?)r)]),
            });
        }

        var document = new JsonObject
        {
            ["invoked"] = new JsonArray([.. plan.Invoked.Select(t => (JsonNode?)t.Name)]),
            ["parallelism"] = parallelism,
            ["cache"] = cache is not null,
            ["waves"] = new JsonArray([.. waves.Select(w => (JsonNode?)new JsonArray([.. w.Select(t => (JsonNode?)t.Name)]))]),
            ["targets"] = targets,
        };
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine;
    }

    private static (string Decision, string? Reason) Decide(ExecutableTarget target, TargetCache? cache)
    {
        if (target.Status == TargetStatus.Skipped)
        {
            return ("skip", target.SkipReason);
        }

        if (!target.IsCacheable)
        {
            return ("run", "declares no inputs");
        }

        if (cache is null)
        {
            return ("run", "--no-cache");
        }

        // Set as the run would, in plan order, so dependents include their dependencies' keys.
        target.CacheKey = CacheKeys.Compute(target, cache.Root);
        return cache.Find(target, target.CacheKey) is { } entry
            ? ("cached", $"inputs unchanged since run {entry.RunId}")
            : ("run", "no earlier successful run with these inputs");
    }

    public static string RenderText(ExecutionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var text = new StringBuilder();
        text.AppendLine($"Plan for {string.Join(", ", plan.Invoked.Select(t => t.Name))}:");
        var index = 1;
        foreach (var target in plan.Targets)
        {
            var note = target.Status == TargetStatus.Skipped ? $"  (skipped: {target.SkipReason})" : string.Empty;
            var conditions = target.StaticConditions.Concat(target.DynamicConditions).Select(c => c.Text).ToList();
            var when = conditions.Count > 0 ? $"  (only when {string.Join(" and ", conditions)})" : string.Empty;
            text.AppendLine($"  {index++,2}. {target.Name}{note}{when}");
        }

        return text.ToString();
    }

    public static string RenderMermaid(TargetGraph graph, ExecutionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(plan);
        var mermaid = new StringBuilder();
        mermaid.AppendLine("flowchart LR");
        foreach (var target in graph.Targets.Where(t => t.IsListed || plan.Targets.Contains(t)))
        {
            mermaid.AppendLine($"  {target.Name}[\"{target.Name}\"]");
        }

        foreach (var target in graph.Targets)
        {
            foreach (var dependency in target.DependsOn)
            {
                mermaid.AppendLine($"  {dependency.Name} --> {target.Name}");
            }

            foreach (var before in target.After)
            {
                mermaid.AppendLine($"  {before.Name} -.-> {target.Name}");
            }

            foreach (var triggered in target.Triggers)
            {
                mermaid.AppendLine($"  {target.Name} ==> {triggered.Name}");
            }
        }

        mermaid.AppendLine("  classDef planned fill:#d4f4dd,stroke:#2b8a3e;");
        var planned = plan.Targets.Where(t => t.Status != TargetStatus.Skipped).Select(t => t.Name).ToList();
        if (planned.Count > 0)
        {
            mermaid.AppendLine($"  class {string.Join(',', planned)} planned;");
        }

        return mermaid.ToString();
    }

    public static string RenderHtml(TargetGraph graph, ExecutionPlan plan)
    {
        var mermaid = WebUtility.HtmlEncode(RenderMermaid(graph, plan));
        var text = WebUtility.HtmlEncode(RenderText(plan));
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Slipway plan</title>
            <style>body{font-family:system-ui,sans-serif;margin:2rem}pre.plan{background:#f6f8fa;padding:1rem}</style></head>
            <body>
            <h1>Slipway plan</h1>
            <p>Solid arrows: depends on. Dotted: ordered after. Thick: triggers. Green: planned to run.</p>
            <pre class="mermaid">
            {{mermaid}}</pre>
            <pre class="plan">{{text}}</pre>
            <script type="module">
              import mermaid from 'https://cdn.jsdelivr.net/npm/mermaid@11/dist/mermaid.esm.min.mjs';
              mermaid.initialize({ startOnLoad: true });
            </script>
            </body>
            </html>
            """;
    }
}
