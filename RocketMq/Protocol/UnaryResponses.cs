namespace Apache.Rocketmq.V2;

/// <summary>
/// A response of one of the service's unary RPCs: each carries its result as field 1,
/// <c>status</c>. Read through this interface, the status costs no descriptor lookup per call.
/// </summary>
public interface IUnaryResponse
{
    /// <summary>The call's outcome: <c>Code.Ok</c>, or the code and message of the failure.</summary>
    Status Status { get; }
}

// The wire types are documented where they are declared, in the .proto files; these lines only add the interface.
#pragma warning disable CS1591

public sealed partial class QueryRouteResponse : IUnaryResponse;

public sealed partial class HeartbeatResponse : IUnaryResponse;

public sealed partial class SendMessageResponse : IUnaryResponse;

public sealed partial class QueryAssignmentResponse : IUnaryResponse;

public sealed partial class AckMessageResponse : IUnaryResponse;

public sealed partial class ForwardMessageToDeadLetterQueueResponse : IUnaryResponse;

public sealed partial class UpdateOffsetResponse : IUnaryResponse;

public sealed partial class GetOffsetResponse : IUnaryResponse;

public sealed partial class QueryOffsetResponse : IUnaryResponse;

public sealed partial class EndTransactionResponse : IUnaryResponse;

public sealed partial class NotifyClientTerminationResponse : IUnaryResponse;

public sealed partial class ChangeInvisibleDurationResponse : IUnaryResponse;

public sealed partial class RecallMessageResponse : IUnaryResponse;

public sealed partial class SyncLiteSubscriptionResponse : IUnaryResponse;
#pragma warning restore CS1591
