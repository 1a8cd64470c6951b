namespace Slipway.Engine;

/// <summary>The parameter's value is masked in every log line, summary, exception and generated file.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;
