namespace PointsDemo.RocketMq;

/// <summary>
/// The status codes of RocketMQ 5's gRPC protocol, with the protocol's numbers, so applications can
/// tell failures apart (<see cref="RocketMqException.Code"/>) without the generated protocol types.
/// The ten-thousands name the family as HTTP does (4xxxx the request, 5xxxx the broker); each
/// family has its exception type (e.g. <see cref="NotFoundException"/> for 404xx). A code a newer
/// proxy adds keeps its number here even without a name.
/// </summary>
public enum RocketMqStatusCode
{
    /// <summary>No status was received (e.g. the broker could not be reached: <see cref="BrokerUnavailableException"/>).</summary>
    Unspecified = 0,

    /// <summary>The request succeeded. Never the code of an exception.</summary>
    Ok = 20000,

    /// <summary>A batch succeeded in part; each entry carries its own status. Never the code of an exception.</summary>
    MultipleResults = 30000,

    /// <summary>The request is invalid, for a reason none of the 400xx codes below names.</summary>
    BadRequest = 40000,

    /// <summary>The access point in the client's settings is not valid.</summary>
    IllegalAccessPoint = 40001,

    /// <summary>The topic's name is not valid.</summary>
    IllegalTopic = 40002,

    /// <summary>The consumer group's name is not valid.</summary>
    IllegalConsumerGroup = 40003,

    /// <summary>The message's tag is not valid.</summary>
    IllegalMessageTag = 40004,

    /// <summary>One of the message's keys is not valid.</summary>
    IllegalMessageKey = 40005,

    /// <summary>The message group (of a FIFO message) is not valid.</summary>
    IllegalMessageGroup = 40006,

    /// <summary>A user property's key is reserved or not valid.</summary>
    IllegalMessagePropertyKey = 40007,

    /// <summary>The transaction id of an EndTransaction is not valid.</summary>
    InvalidTransactionId = 40008,

    /// <summary>The message id is not valid.</summary>
    IllegalMessageId = 40009,

    /// <summary>The subscription's filter expression is not valid.</summary>
    IllegalFilterExpression = 40010,

    /// <summary>The invisible duration asked for is out of the broker's range.</summary>
    IllegalInvisibleTime = 40011,

    /// <summary>The delivery timestamp of a delayed message is out of the broker's range.</summary>
    IllegalDeliveryTime = 40012,

    /// <summary>The receipt handle is unknown or has expired (the message became visible again).</summary>
    InvalidReceiptHandle = 40013,

    /// <summary>The message's type does not match the topic's (e.g. a plain message on a transactional topic).</summary>
    MessagePropertyConflictWithType = 40014,

    /// <summary>The client type in the settings is not one the broker knows.</summary>
    UnrecognizedClientType = 40015,

    /// <summary>The message's body does not match its digest.</summary>
    MessageCorrupted = 40016,

    /// <summary>The request carried no client id.</summary>
    ClientIdRequired = 40017,

    /// <summary>The long-polling time asked for is out of the broker's range.</summary>
    IllegalPollingTime = 40018,

    /// <summary>The offset is not valid.</summary>
    IllegalOffset = 40019,

    /// <summary>The lite topic's name is not valid.</summary>
    IllegalLiteTopic = 40020,

    /// <summary>The client properties in the settings are not valid.</summary>
    InvalidClientProperties = 40021,

    /// <summary>The request's authentication was refused (see <see cref="UnauthorizedException"/>).</summary>
    Unauthorized = 40100,

    /// <summary>The account needs payment.</summary>
    PaymentRequired = 40200,

    /// <summary>The client may not do this, e.g. send to a topic without writable queues.</summary>
    Forbidden = 40300,

    /// <summary>Something the request names does not exist.</summary>
    NotFound = 40400,

    /// <summary>The message does not exist.</summary>
    MessageNotFound = 40401,

    /// <summary>The topic does not exist.</summary>
    TopicNotFound = 40402,

    /// <summary>The consumer group does not exist.</summary>
    ConsumerGroupNotFound = 40403,

    /// <summary>The offset does not exist.</summary>
    OffsetNotFound = 40404,

    /// <summary>The request timed out on the broker's side.</summary>
    RequestTimeout = 40800,

    /// <summary>The payload is larger than the broker accepts.</summary>
    PayloadTooLarge = 41300,

    /// <summary>The message body is larger than the broker accepts.</summary>
    MessageBodyTooLarge = 41301,

    /// <summary>The message body is empty.</summary>
    MessageBodyEmpty = 41302,

    /// <summary>A precondition of the request does not hold.</summary>
    PreconditionFailed = 42800,

    /// <summary>The broker is throttling; try again after a pause.</summary>
    TooManyRequests = 42900,

    /// <summary>The quota of lite topics is used up.</summary>
    LiteTopicQuotaExceeded = 42901,

    /// <summary>The quota of lite subscriptions is used up.</summary>
    LiteSubscriptionQuotaExceeded = 42902,

    /// <summary>The request's headers are too large.</summary>
    RequestHeaderFieldsTooLarge = 43100,

    /// <summary>The message's properties are too many or too large.</summary>
    MessagePropertiesTooLarge = 43101,

    /// <summary>The broker failed internally.</summary>
    InternalError = 50000,

    /// <summary>The proxy or the broker failed while serving the request.</summary>
    InternalServerError = 50001,

    /// <summary>No replica was available to serve the request.</summary>
    HaNotAvailable = 50002,

    /// <summary>The broker does not implement the request.</summary>
    NotImplemented = 50100,

    /// <summary>The proxy timed out waiting for the broker.</summary>
    ProxyTimeout = 50400,

    /// <summary>The broker timed out persisting the message on its master.</summary>
    MasterPersistenceTimeout = 50401,

    /// <summary>The broker timed out persisting the message on a replica.</summary>
    SlavePersistenceTimeout = 50402,

    /// <summary>The broker does not support the request.</summary>
    Unsupported = 50500,

    /// <summary>The broker does not support the client's protocol version.</summary>
    VersionUnsupported = 50501,

    /// <summary>The broker does not support verifying FIFO messages.</summary>
    VerifyFifoMessageUnsupported = 50502,

    /// <summary>A push consumer failed to consume the message (reported by the client, not answered by the broker).</summary>
    FailedToConsumeMessage = 60000,
}
