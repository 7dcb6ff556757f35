// The flows PointsDemo relies on, driven by Apache RocketMQ's own C# client against a broker:
// transactional sends resolved by commit, by rollback and by a check-back; a simple consumer's
// receive, ack and invisible-duration change; a push consumer's retry after a failed consume; the
// status codes for an unknown topic and a wrong signature; and, around a broker killed with
// SIGKILL, that an answered send is not lost. Exits 0 when every check passes.
//
//   CSharpClientCheck --endpoint 127.0.0.1:8081 [--access-key <key> --secret-key <secret>]
//                       [--phase flows|before-kill|after-restart]
//
// The broker needs the TRANSACTION topic user-registered, the NORMAL topic normal-messages and
// the group points-service; ../check-official-clients.sh starts the dev broker that way.
using System.Collections.Concurrent;
using System.Text;
using Org.Apache.Rocketmq;
using Org.Apache.Rocketmq.Error;
using PointsDemo.CSharpClientCheck;

var options = CheckOptions.Parse(args);
var checks = new Checks();
var wait = TimeSpan.FromSeconds(60);

switch (options.Phase)
{
    case "flows":
        await TransactionsAsync();
        await PushConsumerRetryAsync();
        await WrongSecretAsync();
        break;
    case "before-kill":
        await SendBeforeKillAsync();
        break;
    case "after-restart":
        await ReceiveAfterRestartAsync();
        break;
    default:
        throw new ArgumentException($"Unknown phase {options.Phase}: flows, before-kill or after-restart.");
}

return checks.Report();

async Task TransactionsAsync()
{
    var checkedBack = new ConcurrentDictionary<string, bool>();
    await using var producer = await TransactionProducerAsync(checkedBack, CheckOptions.NormalTopic);
    var committed = producer.BeginTransaction();
    var receipt = await producer.Send(Message(CheckOptions.TransactionTopic, "committed"), committed);
    await committed.Commit();

    var rolledBack = producer.BeginTransaction();
    await producer.Send(Message(CheckOptions.TransactionTopic, "rolled-back"), rolledBack);
    await rolledBack.Rollback();

    // Neither committed nor rolled back: only the broker's check-back can resolve it.
    await producer.Send(Message(CheckOptions.TransactionTopic, "checked-back"), producer.BeginTransaction());

    await producer.Send(Message(CheckOptions.NormalTopic, "pushed"));

    var refused = await RefusalAsync(() => producer.Send(Message("no-such-topic", "nowhere")));
    checks.That(refused is NotFoundException, $"a send to an unknown topic is refused as not found: {refused?.Message}");

    // The committed message is not acked at its first delivery but given a new invisible duration:
    // it must come back as attempt 2.
    var delivered = await ReceiveAsync(
        delivered => delivered.Any(d => d.Body == "checked-back") && delivered.Contains(("committed", 2)),
        message => message is { Body: "committed", Attempt: 1 });

    checks.That(delivered.Contains(("committed", 1)), $"a committed message is delivered ({receipt.MessageId})");
    checks.That(delivered.Contains(("committed", 2)), "after its invisible duration is changed, it is delivered again as attempt 2");
    checks.That(!delivered.Any(d => d.Body == "rolled-back"), "a rolled-back message is never delivered");
    checks.That(checkedBack.ContainsKey("checked-back"), "the broker checks back about the unresolved message");
    checks.That(delivered.Count(d => d.Body == "checked-back") == 1, "the message the check-back committed is delivered once");
}

async Task PushConsumerRetryAsync()
{
    var attempts = new ConcurrentQueue<int>();
    await using var consumer = await new PushConsumer.Builder()
        .SetClientConfig(options.Config())
        .SetConsumerGroup("normal-readers")
        .SetSubscriptionExpression(new() { [CheckOptions.NormalTopic] = new FilterExpression("*") })
        .SetMessageListener(new FailingOnceListener(attempts))
        .Build();
    var deadline = DateTime.UtcNow + wait;
    while (DateTime.UtcNow < deadline && attempts.Count < 2)
    {
        await Task.Delay(200);
    }

    checks.That(attempts.SequenceEqual([1, 2]), $"a push consumer's failed consume is retried by the broker (attempts seen: {string.Join(", ", attempts)})");
}

async Task WrongSecretAsync()
{
    if (options.AccessKey is null)
    {
        return;
    }

    var refused = await RefusalAsync(async () =>
    {
        await using var impostor = await new Producer.Builder()
            .SetClientConfig(options.Config(secretKey: "not-the-secret"))
            .SetTopics(CheckOptions.NormalTopic)
            .Build();
        await impostor.Send(Message(CheckOptions.NormalTopic, "unsigned"));
    });
    checks.That(refused is UnauthorizedException, $"a request signed with the wrong secret is refused as unauthorized: {refused?.Message}");
}

// The producer leaves with a committed message not yet delivered and a half message not yet
// resolved; the broker is then killed.
async Task SendBeforeKillAsync()
{
    await using var producer = await TransactionProducerAsync(new ConcurrentDictionary<string, bool>());
    var committed = producer.BeginTransaction();
    await producer.Send(Message(CheckOptions.TransactionTopic, "committed-before-kill"), committed);
    await committed.Commit();
    await producer.Send(Message(CheckOptions.TransactionTopic, "unresolved-before-kill"), producer.BeginTransaction());
    checks.That(true, "a committed message and an unresolved half message sent; the broker may die now");
}

// The broker restarted from its data folder: the committed message is delivered, and the half
// message is checked back with a producer that connects now, then delivered.
async Task ReceiveAfterRestartAsync()
{
    var checkedBack = new ConcurrentDictionary<string, bool>();
    await using var producer = await TransactionProducerAsync(checkedBack);
    var delivered = await ReceiveAsync(
        delivered => delivered.Any(d => d.Body == "committed-before-kill") && delivered.Any(d => d.Body == "unresolved-before-kill"),
        _ => false);
    checks.That(delivered.Any(d => d.Body == "committed-before-kill"), "the message committed before the kill is delivered after the restart");
    checks.That(checkedBack.ContainsKey("unresolved-before-kill"), "the half message left unresolved before the kill is checked back after the restart");
    checks.That(delivered.Any(d => d.Body == "unresolved-before-kill"), "and, committed by that check-back, delivered");
}

async Task<Producer> TransactionProducerAsync(ConcurrentDictionary<string, bool> checkedBack, params string[] moreTopics) =>
    await new Producer.Builder()
        .SetClientConfig(options.Config())
        .SetTopics([CheckOptions.TransactionTopic, .. moreTopics])
        .SetTransactionChecker(new CommittingChecker(checkedBack))
        .Build();

// Receives from user-registered as points-service until done (or a minute has passed), acking
// everything but what is to be let go; returns each delivery's body and attempt.
async Task<List<(string Body, int Attempt)>> ReceiveAsync(Func<List<(string Body, int Attempt)>, bool> done, Func<(string Body, int Attempt), bool> letGo)
{
    await using var consumer = await new SimpleConsumer.Builder()
        .SetClientConfig(options.Config())
        .SetConsumerGroup(CheckOptions.Group)
        .SetAwaitDuration(TimeSpan.FromSeconds(5))
        .SetSubscriptionExpression(new() { [CheckOptions.TransactionTopic] = new FilterExpression("*") })
        .Build();
    var delivered = new List<(string Body, int Attempt)>();
    var deadline = DateTime.UtcNow + wait;
    while (DateTime.UtcNow < deadline && !done(delivered))
    {
        foreach (var message in await consumer.Receive(16, TimeSpan.FromSeconds(10)))
        {
            var delivery = (Encoding.UTF8.GetString(message.Body), message.DeliveryAttempt);
            delivered.Add(delivery);
            if (letGo(delivery))
            {
                await consumer.ChangeInvisibleDuration(message, TimeSpan.FromSeconds(1));
            }
            else
            {
                await consumer.Ack(message);
            }
        }
    }

    return delivered;
}

static Message Message(string topic, string body) =>
    new Message.Builder().SetTopic(topic).SetTag("check").SetKeys(body).SetBody(Encoding.UTF8.GetBytes(body)).Build();

static async Task<Exception?> RefusalAsync(Func<Task> action)
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
