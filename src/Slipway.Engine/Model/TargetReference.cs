namespace Slipway.Engine;

/// <summary>
/// A reference to a target as written in a definition, resolved once every target is known: a delegate taken from a
/// target property, a component's primary target, or a selector on a component.
/// </summary>
internal sealed record TargetReference(Target? Delegate, Type? Component, Func<object, Target>? Selector)
{
    public static TargetReference Of(Target target) => new(target, null, null);

    public static TargetReference Primary<TComponent>() => new(null, typeof(TComponent), null);

    public static TargetReference Select<TComponent>(Func<TComponent, Target> selector)
        where TComponent : class =>
        new(null, typeof(TComponent), build => selector((TComponent)build));
}
