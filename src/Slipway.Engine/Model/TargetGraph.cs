using System.Reflection;
using System.Reflection.Emit;

namespace Slipway.Engine;

/// <summary>
/// Every target of a build instance, discovered by reflection over the build class and the component interfaces it
/// implements, with references resolved and the definition checked (duplicates, unknown references, cycles).
/// </summary>
public sealed class TargetGraph
{
    private readonly Dictionary<MethodInfo, ExecutableTarget> byDelegate = [];
    private readonly Dictionary<(Type Component, string Name), ExecutableTarget> bySlot = [];
    private readonly object build;

    private TargetGraph(object build)
    {
        this.build = build;
    }

    public IReadOnlyList<ExecutableTarget> Targets { get; private set; } = [];

    public ExecutableTarget? Default => Targets.FirstOrDefault(t => t.IsDefault);

    /// <summary>Names compare case-insensitively and ignore dashes: <c>deploy-staging</c> finds <c>DeployStaging</c>.</summary>
    public static string NormalizeName(string name) =>
        name.Replace("-", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

    public ExecutableTarget? Find(string name) =>
        Targets.FirstOrDefault(t => NormalizeName(t.Name) == NormalizeName(name));

    public static TargetGraph Create(object build, Target? defaultTarget = null)
    {
        ArgumentNullException.ThrowIfNull(build);
        var graph = new TargetGraph(build);
        graph.Discover();
        graph.ResolveReferences();
        graph.CheckForCycles();
        if (defaultTarget is not null)
        {
            graph.Resolve(TargetReference.Of(defaultTarget), "the default target").IsDefault = true;
        }

        return graph;
    }

    internal ExecutableTarget Resolve(Target target) => Resolve(TargetReference.Of(target), "a reference");

    private sealed record Slot(string Name, string Declaration, Type DeclaringType, PropertyInfo Property, int Order);

    private void Discover()
    {
        var type = build.GetType();
        var classSlots = ClassHierarchy(type)
            .SelectMany((t, depth) => TargetProperties(t).Select(p => (p, depth)))
            .Where(x => !x.p.Name.Contains('.', StringComparison.Ordinal))
            .Select((x, i) => new Slot(x.p.Name, $"{type.Name}.{x.p.Name}", x.p.DeclaringType!, x.p, i))
            .ToList();
        var interfaceSlots = type.GetInterfaces()
            .SelectMany(TargetProperties)
            .Where(p => !p.Name.Contains('.', StringComparison.Ordinal))
            .Select((p, i) => new Slot(p.Name, $"{p.DeclaringType!.Name}.{p.Name}", p.DeclaringType!, p, classSlots.Count + i))
            .ToList();

        foreach (var group in classSlots.GroupBy(s => NormalizeName(s.Name)).Where(g => g.Count() > 1))
        {
            throw Duplicate(group);
        }

        var targets = new List<ExecutableTarget>();
        foreach (var group in classSlots.Concat(interfaceSlots).GroupBy(s => NormalizeName(s.Name)))
        {
            var owner = group.FirstOrDefault(s => !s.DeclaringType.IsInterface);
            var components = group.Where(s => s.DeclaringType.IsInterface).ToList();
            if (owner is null && components.Count > 1)
            {
                throw Duplicate(group);
            }

            var primary = owner ?? components[0];
            var declaration = owner is null && IsOverriddenExplicitly(primary)
                ? $"{primary.Declaration} (overridden in {type.Name})"
                : primary.Declaration;
            var definition = NewDefinition(primary.Name);
            var target = new ExecutableTarget(primary.Name, declaration, primary.Order, definition)
            {
                DeclaringTypes = [.. group.Select(s => s.DeclaringType).Distinct()],
            };
            targets.Add(target);

            foreach (var slot in group)
            {
                var resolved = (Target)slot.Property.GetValue(build)!;
                byDelegate[resolved.Method] = target;
                if (slot.DeclaringType.IsInterface)
                {
                    bySlot[(slot.DeclaringType, slot.Name)] = target;
                }
            }

            var own = (Target)primary.Property.GetValue(build)!;
            own(definition);
        }

        Targets = [.. targets.OrderBy(t => t.DeclarationIndex)];
    }

    private bool IsOverriddenExplicitly(Slot slot) =>
        build.GetType().GetInterfaceMap(slot.DeclaringType).TargetMethods
            .Any(m => m.DeclaringType == build.GetType() && m.Name.EndsWith("get_" + slot.Name, StringComparison.Ordinal));

    private TargetDefinition NewDefinition(string name) => new((component, definition) => Inherit(component, name, definition));

    private ITargetDefinition Inherit(Type component, string name, TargetDefinition definition)
    {
        var property = TargetProperties(component).FirstOrDefault(p => NormalizeName(p.Name) == NormalizeName(name))
            ?? throw new BuildDefinitionException(
                $"Target '{name}' inherits from {component.Name}, which declares no target named '{name}'.");
        if (property.GetMethod is not { IsAbstract: false } getter)
        {
            throw new BuildDefinitionException($"{component.Name}.{name} has no default definition to inherit.");
        }

        // Calls the interface's own (default) getter non-virtually: a virtual call would land on the override that is
        // asking to inherit, and recurse.
        var method = new DynamicMethod("Inherit" + name, typeof(Target), [typeof(object)], typeof(TargetGraph).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Castclass, component);
        il.Emit(OpCodes.Call, getter);
        il.Emit(OpCodes.Ret);
        var baseTarget = ((Func<object, Target>)method.CreateDelegate(typeof(Func<object, Target>)))(build);
        return baseTarget(definition);
    }

    private void ResolveReferences()
    {
        foreach (var target in Targets)
        {
            var d = target.Definition;
            string Context(string relation) => $"{target.Declaration}.{relation}";
            target.DependsOn = [.. d.DependsOnTargets.Select(r => Resolve(r, Context("DependsOn")))];
            target.After = [.. d.AfterTargets.Select(r => Resolve(r, Context("After")))];
            target.Triggers = [.. d.TriggersTargets.Select(r => Resolve(r, Context("Triggers")))];
            target.Consumes = [.. d.ConsumesTargets.Select(r => Resolve(r, Context("Consumes")))];
        }

        // The reverse relations are stored on the other side, so the planner reads one direction only.
        foreach (var target in Targets)
        {
            var d = target.Definition;
            foreach (var other in d.DependentForTargets.Select(r => Resolve(r, $"{target.Declaration}.DependentFor")))
            {
                other.DependsOn = [.. other.DependsOn, target];
            }

            foreach (var other in d.BeforeTargets.Select(r => Resolve(r, $"{target.Declaration}.Before")))
            {
                other.After = [.. other.After, target];
            }

            foreach (var other in d.TriggeredByTargets.Select(r => Resolve(r, $"{target.Declaration}.TriggeredBy")))
            {
                other.Triggers = [.. other.Triggers, target];
            }
        }

        foreach (var target in Targets)
        {
            target.DependsOn = [.. target.DependsOn.Distinct()];
            target.After = [.. target.After.Distinct()];
            target.Triggers = [.. target.Triggers.Distinct()];
        }
    }

    private ExecutableTarget Resolve(TargetReference reference, string context)
    {
        if (reference.Delegate is { } target)
        {
            return byDelegate.TryGetValue(target.Method, out var found)
                ? found
                : throw new BuildDefinitionException($"{context} refers to a target that is not a Target property of the build or its components.");
        }

        var component = reference.Component!;
        if (!component.IsInstanceOfType(build))
        {
            throw new BuildDefinitionException(
                $"{context} refers to component {component.Name}, which the build class {build.GetType().Name} does not implement. Add it to the class's interface list.");
        }

        if (reference.Selector is { } selector)
        {
            return Resolve(TargetReference.Of(selector(build)), context);
        }

        var primaryName = component.Name.StartsWith('I') ? component.Name[1..] : component.Name;
        var declared = TargetProperties(component).ToList();
        var primary = declared.FirstOrDefault(p => p.Name == primaryName) ?? (declared.Count == 1 ? declared[0] : null);
        return primary is not null && bySlot.TryGetValue((component, primary.Name), out var slotTarget)
            ? slotTarget
            : throw new BuildDefinitionException(
                $"{context} refers to {component.Name}, which has no primary target '{primaryName}'. Name the target: DependsOn<{component.Name}>(x => x.SomeTarget).");
    }

    private void CheckForCycles()
    {
        // An edge X -> Y means "X runs after Y": X depends on Y, X is ordered after Y, or Y triggers X.
        var runsAfter = Targets.ToDictionary(t => t, t => t.DependsOn.Concat(t.After).ToList());
        foreach (var target in Targets)
        {
            foreach (var triggered in target.Triggers)
            {
                runsAfter[triggered].Add(target);
            }
        }

        var state = new Dictionary<ExecutableTarget, int>();
        var path = new List<ExecutableTarget>();
        foreach (var target in Targets)
        {
            Visit(target);
        }

        void Visit(ExecutableTarget target)
        {
            if (state.GetValueOrDefault(target) == 2)
            {
                return;
            }

            if (state.GetValueOrDefault(target) == 1)
            {
                var cycle = path.Skip(path.IndexOf(target)).Append(target).Select(t => t.Name);
                throw new BuildDefinitionException($"Dependency cycle: {string.Join(" -> ", cycle)}. Remove one of these dependencies.");
            }

            state[target] = 1;
            path.Add(target);
            foreach (var next in runsAfter[target])
            {
                Visit(next);
            }

            path.RemoveAt(path.Count - 1);
            state[target] = 2;
        }
    }

    private static BuildDefinitionException Duplicate(IEnumerable<Slot> slots) =>
        new($"Target name '{slots.First().Name}' is declared more than once: {string.Join(" and ", slots.Select(s => s.Declaration))}. " +
            "Target names must be unique (case and dashes ignored): rename one, or override the component's target in the build class.");

    private static List<Type> ClassHierarchy(Type type)
    {
        var chain = new List<Type>();
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            chain.Insert(0, t);
        }

        return chain;
    }

    private static IEnumerable<PropertyInfo> TargetProperties(Type type) =>
        type.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            .Where(p => p.PropertyType == typeof(Target) && p.GetMethod is not null && p.GetIndexParameters().Length == 0)
            .Where(p => !(p.DeclaringType!.IsInterface && p.GetMethod!.IsAbstract))
            .OrderBy(p => p.MetadataToken);
}
