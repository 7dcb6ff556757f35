using System.Diagnostics.Metrics;

namespace PointsDemo.UserService.Registration;

/// <summary>
/// The registration's latency and log scopes. The Meter is named after the application, which
/// ServiceDefaults listens to; the spans come from ASP.NET Core, Npgsql and the RocketMQ client.
/// </summary>
internal static class RegistrationTelemetry
{
    /// <summary>The Meter name.</summary>
    public const string Name = "UserService";

    /// <summary>The attribute saying how a registration ended: registered, duplicate_email, invalid_data, unavailable, undecided or error (it threw).</summary>
    public const string OutcomeTag = "pointsdemo.registration.outcome";

    private static readonly Meter Meter = new(Name);

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "pointsdemo.registration.duration", "s", "Duration of a registration: half message, local transaction and commit (or rollback).");

    private static readonly Func<ILogger, string, IDisposable?> MessageScope =
        LoggerMessage.DefineScope<string>("Message {MessageId}");

    /// <summary>A log scope carrying the id of the registration's message, once the broker has taken it.</summary>
    public static IDisposable? BeginMessage(ILogger logger, string messageId) => MessageScope(logger, messageId);

    public static void RecordDuration(TimeSpan elapsed, string outcome) =>
        Duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>(OutcomeTag, outcome));

    public static string OutcomeOf(RegistrationResult result) => result switch
    {
        RegistrationResult.Registered => "registered",
        RegistrationResult.DuplicateEmail => "duplicate_email",
        RegistrationResult.InvalidData => "invalid_data",
        RegistrationResult.Undecided => "undecided",
        RegistrationResult.Unavailable => "unavailable",
        _ => throw new ArgumentOutOfRangeException(nameof(result), result, "A registration result without an outcome name."),
    };
}
