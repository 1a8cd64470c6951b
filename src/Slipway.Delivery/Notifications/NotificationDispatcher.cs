using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using Polly;
using Polly.Retry;
using Serilog;
using Slipway.Engine.Logging;

namespace Slipway.Delivery.Notifications;

/// <summary>
/// Sends an event to every channel that wants it, all at once, each bounded in time (<see cref="Bound"/>, retries
/// included). A channel that fails or hangs is a warning returned to the caller for the summary — never an exception:
/// a dead channel must not fail or slow a deploy beyond its bound.
/// </summary>
internal sealed class NotificationDispatcher(HttpClient http, TimeSpan bound, TimeProvider? time = null)
{
    /// <summary>The default bound per channel: a few seconds, what a deploy can afford to wait for a dead receiver.</summary>
    public static readonly TimeSpan DefaultBound = TimeSpan.FromSeconds(5);

    private readonly TimeProvider clock = time ?? TimeProvider.System;

    public TimeSpan Bound { get; } = bound;

    /// <returns>A warning per channel that could not be told, naming it and why.</returns>
    public async Task<IReadOnlyList<string>> DispatchAsync(DeliveryEvent deliveryEvent, IEnumerable<NotificationChannel> channels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deliveryEvent);
        ArgumentNullException.ThrowIfNull(channels);
        var sends = channels.Where(c => c.Wants(deliveryEvent)).Select(c => SendBoundedAsync(c, deliveryEvent, cancellationToken)).ToList();
        var results = await Task.WhenAll(sends);
        return [.. results.OfType<string>()];
    }

    private async Task<string?> SendBoundedAsync(NotificationChannel channel, DeliveryEvent deliveryEvent, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(Bound);
        var started = clock.GetTimestamp();
        try
        {
            await Pipeline.ExecuteAsync(async token => await SendOnceAsync(channel, deliveryEvent, token), bounded.Token);
            Log.Information("Notified {Channel} of {Event}", channel.Name, NotificationPayloads.EventName(deliveryEvent.Kind));
            return null;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            var reason = exception switch
            {
                OperationCanceledException when !cancellationToken.IsCancellationRequested =>
                    string.Create(CultureInfo.InvariantCulture, $"no answer within {Bound.TotalSeconds:0.#} s"),
                NotificationRejectedException rejected => $"answered {rejected.Message}",
                _ => exception.Message,
            };
            var warning = string.Create(CultureInfo.InvariantCulture,
                $"Notification to {channel.Name} of {NotificationPayloads.EventName(deliveryEvent.Kind)} failed ({reason}) after {clock.GetElapsedTime(started).TotalSeconds:0.0} s; nothing else is affected");
            Log.Warning("{Warning}", SecretMasker.Apply(warning));
            return SecretMasker.Apply(warning);
        }
    }

    private static ResiliencePipeline Pipeline { get; } = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<NotificationRejectedException>(r => r.IsTransient).Handle<HttpRequestException>(),
            MaxRetryAttempts = 3,
            Delay = TimeSpan.FromMilliseconds(250),
            BackoffType = DelayBackoffType.Exponential,
            DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is NotificationRejectedException { RetryAfter: { } after } ? after : (TimeSpan?)null),
        })
        .Build();

    private async Task SendOnceAsync(NotificationChannel channel, DeliveryEvent deliveryEvent, CancellationToken cancellationToken)
    {
        if (channel is EmailChannel email)
        {
            await SendEmailAsync(email, deliveryEvent, cancellationToken);
            return;
        }

        foreach (var request in NotificationRequests.For(channel, deliveryEvent, clock.GetUtcNow()))
        {
            await PostAsync(request, cancellationToken);
        }
    }

    private async Task PostAsync(NotificationRequest notification, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, notification.Url)
        {
            Content = new StringContent(notification.Body, Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in notification.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var answer = (await response.Content.ReadAsStringAsync(cancellationToken)).ReplaceLineEndings(" ").Trim();
            throw new NotificationRejectedException((int)response.StatusCode, RetryAfter(response.Headers.RetryAfter),
                answer.Length > 200 ? answer[..200] + "…" : answer);
        }
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header) =>
        header?.Delta ?? (header?.Date is { } date ? date - clock.GetUtcNow() : null);

    private static async Task SendEmailAsync(EmailChannel channel, DeliveryEvent deliveryEvent, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync(channel.Host, channel.Port, channel.ImplicitTls ? SecureSocketOptions.SslOnConnect : channel.RequireTls ? SecureSocketOptions.StartTls : SecureSocketOptions.StartTlsWhenAvailable, cancellationToken);
        if (channel.Username is not null)
        {
            await client.AuthenticateAsync(channel.Username, channel.Password ?? string.Empty, cancellationToken);
        }

        await client.SendAsync(NotificationPayloads.Email(deliveryEvent, channel), cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
