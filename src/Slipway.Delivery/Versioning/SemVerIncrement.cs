namespace Slipway.Delivery.Versioning;

/// <summary>Which part of the version a change bumps; ordered so the larger bump wins.</summary>
internal enum SemVerIncrement
{
    None = 0,
    Patch = 1,
    Minor = 2,
    Major = 3,
}
