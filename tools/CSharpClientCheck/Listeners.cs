using System.Collections.Concurrent;
using System.Text;
using Org.Apache.Rocketmq;

namespace PointsDemo.CSharpClientCheck;

/// <summary>Commits every transaction the broker asks about, and remembers the bodies of the messages it asked about.</summary>
internal sealed class CommittingChecker(ConcurrentDictionary<string, bool> asked) : ITransactionChecker
{
    public TransactionResolution Check(MessageView messageView)
    {
        asked[Encoding.UTF8.GetString(messageView.Body)] = true;
        return TransactionResolution.Commit;
    }
}

/// <summary>Fails the first delivery of each message and accepts the next, keeping the attempts it saw.</summary>
internal sealed class FailingOnceListener(ConcurrentQueue<int> attempts) : IMessageListener
{
    public ConsumeResult Consume(MessageView messageView)
    {
        attempts.Enqueue(messageView.DeliveryAttempt);
        return messageView.DeliveryAttempt == 1 ? ConsumeResult.FAILURE : ConsumeResult.SUCCESS;
    }
}
