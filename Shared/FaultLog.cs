namespace PointsDemo.Faults;

/// <summary>What the fault commands log: the arming, and the firing inside the registration's own log scope.</summary>
internal static partial class FaultLog
{
    [LoggerMessage(LogLevel.Information, "Fault {Fault} armed: {Effect}")]
    public static partial void Armed(ILogger logger, string fault, string effect);

    [LoggerMessage(LogLevel.Information, "Fault {Fault} was armed already; it still fires once")]
    public static partial void AlreadyArmed(ILogger logger, string fault);

    [LoggerMessage(LogLevel.Information, "Fault {Fault} fired for registration {RegistrationId}: {Firing}")]
    public static partial void Fired(ILogger logger, string fault, Guid registrationId, string firing);
}
