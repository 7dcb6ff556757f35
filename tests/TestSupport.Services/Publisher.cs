using System.Text;
using PointsDemo.RocketMq;

namespace PointsDemo.TestSupport.Services;

/// <summary>Publishes "user registered" messages the way UserService does (half message, then commit), with any body.</summary>
internal static class Publisher
{
    public static async Task<string> PublishCommittedAsync(string brokerEndpoint, string body, string key)
    {
        var ct = TestContext.Current.CancellationToken;
        var producerOptions = new ProducerOptions();
        producerOptions.Topics.Add(TestBroker.Topic);
        await using var producer = new Producer(new RocketMqOptions { Endpoints = brokerEndpoint }, producerOptions);
        var transaction = producer.BeginTransaction();
        var receipt = await transaction.SendAsync(new Message(TestBroker.Topic, Encoding.UTF8.GetBytes(body)) { Tag = "UserRegistered", Keys = [key] }, ct);
        await transaction.CommitAsync(ct);
        return receipt.MessageId;
    }

    public static string UserRegisteredBody(Guid registrationId, Guid userId, int points = 100) =>
        $$"""{"registrationId":"{{registrationId}}","userId":"{{userId}}","email":"ann@example.com","displayName":"Ann","points":{{points}},"registeredAt":"2025-06-01T12:00:00Z"}""";
}
