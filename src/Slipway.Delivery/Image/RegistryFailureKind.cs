namespace Slipway.Delivery.Image;

/// <summary>How a failed registry operation should be treated.</summary>
internal enum RegistryFailureKind
{
    /// <summary>Network trouble or a 5xx/429 answer: worth another try.</summary>
    Transient,

    /// <summary>401/403: credentials missing or refused; another try with the same ones cannot help.</summary>
    Unauthorized,

    /// <summary>Anything else (unknown image, bad reference): fail at once.</summary>
    Permanent,
}
