using System.Text.Json;
using PointsDemo.RocketMq;

namespace PointsDemo.PointsService.Grants;

/// <summary>
/// The "user registered" event UserService publishes (topic <c>user-registered</c>, tag
/// <c>UserRegistered</c>, camelCase JSON), as this service reads it: only what a grant needs is required.
/// </summary>
internal sealed record UserRegisteredMessage(Guid RegistrationId, Guid UserId, int Points, DateTimeOffset RegisteredAt)
{
    public const string Topic = "user-registered";
    public const string Tag = "UserRegistered";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Reads the body.</summary>
    /// <exception cref="PoisonMessageException">The body is not a usable "user registered" event; retrying will not change that.</exception>
    public static UserRegisteredMessage Parse(MessageView message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.IsCorrupted)
        {
            throw new PoisonMessageException("the body does not match its digest");
        }

        UserRegisteredMessage? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<UserRegisteredMessage>(message.Body.Span, Json);
        }
        catch (JsonException exception)
        {
            throw new PoisonMessageException($"the body is not valid JSON ({exception.Message})", exception);
        }

        return parsed switch
        {
            null => throw new PoisonMessageException("the body is null"),
            { RegistrationId: var id } when id == Guid.Empty => throw new PoisonMessageException("registrationId is missing"),
            { UserId: var id } when id == Guid.Empty => throw new PoisonMessageException("userId is missing"),
            { Points: <= 0 } => throw new PoisonMessageException("points must be positive"),
            _ => parsed,
        };
    }
}

/// <summary>A message no retry can process; it is retried anyway, so that it ends in the dead-letter queue where people look.</summary>
internal sealed class PoisonMessageException : Exception
{
    public PoisonMessageException(string reason)
        : base($"Unusable user-registered message: {reason}.")
    {
    }

    public PoisonMessageException(string reason, Exception innerException)
        : base($"Unusable user-registered message: {reason}.", innerException)
    {
    }
}
