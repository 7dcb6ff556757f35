// The flows PointsDemo relies on, driven by Apache RocketMQ's own C# client against a broker:
// transactional sends resolved by commit, by rollback and by a check-back; a simple consumer's
// receive, ack and invisible-duration change; a push consumer's retry after a failed consume; the
// status codes for an unknown topic and a wrong signature. Exits 0 when every check passes.
//
//   OfficialClientCheck --endpoint 127.0.0.1:8081 [--access-key <key> --secret-key <secret>]
//
// The broker needs the TRANSACTION topic user-registered, the NORMAL topic normal-messages and
// the group points-service; check.sh starts the dev broker that way.
using System.Collections.Concurrent;
using System.Text;
using Org.Apache.Rocketmq;
using Org.Apache.Rocketmq.Error;
using PointsDemo.OfficialClientCheck;

var options = CheckOptions.Parse(args);
var checks = new Checks();
var wait = TimeSpan.FromSeconds(60);

var checkedBack = new ConcurrentDictionary<string, bool>();
await using (var producer = await new Producer.Builder()
    .SetClientConfig(options.Config())
    .SetTopics(CheckOptions.TransactionTopic, CheckOptions.NormalTopic)
    .SetTransactionChecker(new CommittingChecker(checkedBack))
    .Build())
{
    var committed = producer.BeginTransaction();
    var commitReceipt = await producer.Send(Message(CheckOptions.TransactionTopic, "committed"), committed);
    await committed.Commit();

    var rolledBack = producer.BeginTransaction();
    await producer.Send(Message(CheckOptions.TransactionTopic, "rolled-back"), rolledBack);
    await rolledBack.Rollback();

    // Neither committed nor rolled back: only the broker's check-back can resolve it.
    var unresolvedReceipt = await producer.Send(Message(CheckOptions.TransactionTopic, "checked-back"), producer.BeginTransaction());

    await producer.Send(Message(CheckOptions.NormalTopic, "pushed"));

    var refused = await Refusal(() => producer.Send(Message("no-such-topic", "nowhere")));
    checks.That(refused is NotFoundException, $"a send to an unknown topic is refused as not found: {refused?.Message}");

    await using var consumer = await new SimpleConsumer.Builder()
        .SetClientConfig(options.Config())
        .SetConsumerGroup(CheckOptions.Group)
        .SetAwaitDuration(TimeSpan.FromSeconds(5))
        .SetSubscriptionExpression(new() { [CheckOptions.TransactionTopic] = new FilterExpression("*") })
        .Build();
    var delivered = new List<(string Body, int Attempt)>();
    var deadline = DateTime.UtcNow + wait;
    bool Done() => delivered.Any(d => d.Body == "checked-back") && delivered.Contains(("committed", 2));
    while (DateTime.UtcNow < deadline && !Done())
    {
        foreach (var message in await consumer.Receive(16, TimeSpan.FromSeconds(10)))
        {
            var body = Encoding.UTF8.GetString(message.Body);
            delivered.Add((body, message.DeliveryAttempt));
            if (body == "committed" && message.DeliveryAttempt == 1)
            {
                // Not acked: it must come back once its new invisible duration is over.
                await consumer.ChangeInvisibleDuration(message, TimeSpan.FromSeconds(1));
                continue;
            }

            await consumer.Ack(message);
        }
    }

    checks.That(delivered.Contains(("committed", 1)), $"a committed message is delivered ({commitReceipt.MessageId})");
    checks.That(delivered.Contains(("committed", 2)), "after its invisible duration is changed, it is delivered again as attempt 2");
    checks.That(!delivered.Any(d => d.Body == "rolled-back"), "a rolled-back message is never delivered");
    checks.That(checkedBack.ContainsKey(unresolvedReceipt.MessageId), "the broker checks back about the unresolved message");
    checks.That(delivered.Count(d => d.Body == "checked-back") == 1, "the message the check-back committed is delivered once");
}

var consumed = new ConcurrentQueue<int>();
await using (await new PushConsumer.Builder()
    .SetClientConfig(options.Config())
    .SetConsumerGroup("normal-readers")
    .SetSubscriptionExpression(new() { [CheckOptions.NormalTopic] = new FilterExpression("*") })
    .SetMessageListener(new FailingOnceListener(consumed))
    .Build())
{
    var deadline = DateTime.UtcNow + wait;
    while (DateTime.UtcNow < deadline && consumed.Count < 2)
    {
        await Task.Delay(200);
    }

    checks.That(consumed.SequenceEqual([1, 2]), $"a push consumer's failed consume is retried by the broker (attempts seen: {string.Join(", ", consumed)})");
}

if (options.AccessKey is not null)
{
    var refused = await Refusal(async () =>
    {
        await using var impostor = await new Producer.Builder()
            .SetClientConfig(options.Config(secretKey: "not-the-secret"))
            .SetTopics(CheckOptions.NormalTopic)
            .Build();
        await impostor.Send(Message(CheckOptions.NormalTopic, "unsigned"));
    });
    checks.That(refused is UnauthorizedException, $"a request signed with the wrong secret is refused as unauthorized: {refused?.Message}");
}

return checks.Report();

static Message Message(string topic, string body) =>
    new Message.Builder().SetTopic(topic).SetTag("check").SetKeys(body).SetBody(Encoding.UTF8.GetBytes(body)).Build();

static async Task<Exception?> Refusal(Func<Task> action)
{
    try
    {
        await action();
        return null;
    }
    catch (ClientException refused)
    {
        return refused;
    }
}
