namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A topic's <c>message.type</c> attribute: which messages it accepts. The RocketMQ 5 proxy refuses
/// a message of another type, so a topic for transactional messages must be created as
/// <see cref="Transaction"/>.
/// </summary>
public enum RocketMqMessageType
{
    /// <summary>Plain messages.</summary>
    Normal,

    /// <summary>Messages with a message group (ordering key).</summary>
    Fifo,

    /// <summary>Messages with a delivery timestamp.</summary>
    Delay,

    /// <summary>Half messages, committed or rolled back later.</summary>
    Transaction,
}

/// <summary>A topic the application needs, created when the broker starts.</summary>
/// <param name="Name">The topic.</param>
/// <param name="MessageType">The messages it accepts.</param>
public sealed record RocketMqTopic(string Name, RocketMqMessageType MessageType)
{
    /// <summary>The type as RocketMQ's tools write it (<c>TRANSACTION</c>), and as the dev broker's <c>--topic name:TYPE</c> takes it.</summary>
    public string MessageTypeName => MessageType.ToString().ToUpperInvariant();
}
