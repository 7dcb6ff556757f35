namespace PointsDemo.RocketMq;

/// <summary>
/// Answers the broker's check-back for a half message that was neither committed nor rolled back
/// in time (the producer crashed, or its end-transaction call was lost). Any producer that declared
/// the topic may be asked, not only the one that sent the message, so the answer must come from
/// durable state (e.g. the database), never from memory. Checks run concurrently and may repeat.
/// </summary>
public interface ITransactionChecker
{
    /// <summary>
    /// Decides the outcome of the message's transaction. <see cref="TransactionResolution.Unknown"/>
    /// (or an exception) sends nothing, and the broker asks again later.
    /// </summary>
    /// <param name="message">The half message, as the broker stored it.</param>
    /// <param name="cancellationToken">Cancelled when the producer shuts down.</param>
    Task<TransactionResolution> CheckAsync(MessageView message, CancellationToken cancellationToken);
}
