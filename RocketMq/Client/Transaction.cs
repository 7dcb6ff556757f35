using PointsDemo.RocketMq.Internal.Transport;

namespace PointsDemo.RocketMq;

/// <summary>
/// One transactional message, from half message to commit or rollback. Carries one message, as in
/// the official RocketMQ clients; begin another transaction for the next one. Not meant to be
/// shared between threads.
/// </summary>
public sealed class Transaction
{
    private readonly Producer _producer;
    private readonly Lock _lock = new();
    private State _state;
    private string _topic = "";
    private SendReceipt? _receipt;
    private Endpoint _endpoint;

    internal Transaction(Producer producer) => _producer = producer;

    private enum State
    {
        Open,
        Sending,
        Sent,
        Ending,
        Ended,
    }

    /// <summary>Sends the transaction's message as a half message: stored, but invisible to consumers until committed.</summary>
    /// <param name="message">The message (its topic must be of type TRANSACTION).</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <exception cref="InvalidOperationException">The transaction already has its message.</exception>
    /// <exception cref="RocketMqException">The broker refused the message, or could not be reached.</exception>
    public async Task<SendReceipt> SendAsync(Message message, CancellationToken cancellationToken = default)
    {
        Move(State.Open, State.Sending);
        try
        {
            (_receipt, _endpoint) = await _producer.SendHalfMessageAsync(message, cancellationToken);
            _topic = message.Topic;
            Set(State.Sent);
            return _receipt;
        }
        catch
        {
            Set(State.Open);
            throw;
        }
    }

    /// <summary>Commits: the broker delivers the message to consumers.</summary>
    /// <param name="cancellationToken">Cancels the call (the check-back then decides).</param>
    /// <exception cref="InvalidOperationException">No message was sent, or the transaction already ended.</exception>
    /// <exception cref="RocketMqException">The broker did not take the decision; its check-back will ask the checker.</exception>
    public Task CommitAsync(CancellationToken cancellationToken = default) => EndAsync(TransactionResolution.Commit, cancellationToken);

    /// <summary>Rolls back: the broker discards the message.</summary>
    /// <param name="cancellationToken">Cancels the call (the check-back then decides).</param>
    /// <exception cref="InvalidOperationException">No message was sent, or the transaction already ended.</exception>
    /// <exception cref="RocketMqException">The broker did not take the decision; its check-back will ask the checker.</exception>
    public Task RollbackAsync(CancellationToken cancellationToken = default) => EndAsync(TransactionResolution.Rollback, cancellationToken);

    private async Task EndAsync(TransactionResolution resolution, CancellationToken cancellationToken)
    {
        Move(State.Sent, State.Ending);
        try
        {
            await _producer.EndTransactionAsync(_topic, _receipt!, _endpoint, resolution, cancellationToken);
            Set(State.Ended);
        }
        catch
        {
            Set(State.Sent);
            throw;
        }
    }

    private void Move(State from, State to)
    {
        lock (_lock)
        {
            if (_state != from)
            {
                throw new InvalidOperationException(_state switch
                {
                    State.Open => "Send the transaction's message before committing or rolling back.",
                    State.Sent when to == State.Sending => "A transaction carries one message, as in the official RocketMQ clients; begin another transaction for the next message.",
                    State.Ended => "The transaction has already ended.",
                    _ => "Another call on this transaction is under way.",
                });
            }

            _state = to;
        }
    }

    private void Set(State state)
    {
        lock (_lock)
        {
            _state = state;
        }
    }
}
