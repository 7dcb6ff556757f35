using System.Text.Json;
using PointsDemo.RocketMq;

namespace PointsDemo.UserService.Registration;

/// <summary>
/// The "user registered" event, as PointsService reads it: topic <c>user-registered</c> (a TRANSACTION
/// topic), tag <c>UserRegistered</c>, key the registration id, camelCase JSON body.
/// </summary>
internal sealed record UserRegisteredMessage(
    Guid RegistrationId, Guid UserId, string Email, string DisplayName, int Points, DateTimeOffset RegisteredAt)
{
    public const string Topic = "user-registered";
    public const string Tag = "UserRegistered";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The half message; the client's send span adds the trace context (<c>traceparent</c>) as properties.</summary>
    public Message ToMessage(TimeSpan? checkBackAfter) =>
        new(Topic, JsonSerializer.SerializeToUtf8Bytes(this, Json))
        {
            Tag = Tag,
            Keys = [RegistrationId.ToString("D")],
            OrphanedTransactionRecoveryDuration = checkBackAfter,
        };

    /// <summary>The registration id a check-back asks about, from the message key; null when the message is not one of ours.</summary>
    public static Guid? RegistrationIdOf(MessageView message) =>
        message.Keys.Select(key => Guid.TryParse(key, out var id) ? id : (Guid?)null).FirstOrDefault(id => id is not null);
}
