using System.Diagnostics;

namespace PointsDemo.Diagnostics;

/// <summary>
/// The ids that tie one registration together across both services, under the same names in each:
/// as tags on the current span, and in a log scope around everything logged for it. Linked into each
/// service as source.
/// </summary>
internal static class RegistrationIds
{
    /// <summary>The span tag of the registration's id, which is also its message's key.</summary>
    public const string RegistrationIdTag = "pointsdemo.registration.id";

    /// <summary>The span tag of the registered user's id.</summary>
    public const string UserIdTag = "pointsdemo.user.id";

    private static readonly Func<ILogger, Guid, Guid, IDisposable?> Scope =
        LoggerMessage.DefineScope<Guid, Guid>("Registration {RegistrationId} of user {UserId}");

    /// <summary>Tags the current span with the registration's ids and begins a log scope carrying them.</summary>
    public static IDisposable? Begin(ILogger logger, Guid registrationId, Guid userId)
    {
        Activity.Current?.SetTag(RegistrationIdTag, registrationId).SetTag(UserIdTag, userId);
        return Scope(logger, registrationId, userId);
    }
}
