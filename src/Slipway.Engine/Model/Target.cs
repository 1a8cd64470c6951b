namespace Slipway.Engine;

/// <summary>
/// A target is a property of this delegate type on the build class or on a component interface (NUKE's model):
/// <c>Target Test =&gt; _ =&gt; _.DependsOn(Compile).Executes(...)</c>. The engine calls it once with a fresh definition.
/// </summary>
public delegate ITargetDefinition Target(ITargetDefinition definition);
