namespace Slipway.Delivery.Notifications;

/// <summary>One HTTP POST a channel makes for an event; its headers may carry the channel's token and are never logged.</summary>
internal sealed record NotificationRequest(Uri Url, string Body, IReadOnlyDictionary<string, string> Headers);
