namespace PointsDemo.RocketMq;

/// <summary>What the broker answered to a send.</summary>
/// <param name="MessageId">The id of the stored message (the one the producer generated).</param>
/// <param name="TransactionId">For a transactional message, the id that ends or checks the transaction; otherwise empty.</param>
/// <param name="Offset">The message's offset in its queue.</param>
public sealed record SendReceipt(string MessageId, string TransactionId, long Offset);
