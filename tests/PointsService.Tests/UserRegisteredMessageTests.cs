using System.Text;
using PointsDemo.PointsService.Grants;

namespace PointsDemo.PointsService.Tests;

/// <summary>What the consumer accepts as a "user registered" body, and its retry backoff.</summary>
public sealed class UserRegisteredMessageTests
{
    [Theory]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("""{"userId":"6f1c2e1a-0b6e-4a59-9a53-8f1f6f0f3c11","points":100}""")]
    [InlineData("""{"registrationId":"6f1c2e1a-0b6e-4a59-9a53-8f1f6f0f3c11","points":100}""")]
    [InlineData("""{"registrationId":"6f1c2e1a-0b6e-4a59-9a53-8f1f6f0f3c11","userId":"0a9e0f6e-2d7b-4a43-9b0e-6a1c3d2b1f00","points":0}""")]
    [InlineData("""{"registrationId":"not-a-guid","userId":"0a9e0f6e-2d7b-4a43-9b0e-6a1c3d2b1f00","points":100}""")]
    public void An_unusable_body_is_a_poison_message(string body) =>
        Assert.Throws<PoisonMessageException>(() => UserRegisteredMessage.Parse(body: Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void The_contract_body_parses()
    {
        var parsed = UserRegisteredMessage.Parse(body: Encoding.UTF8.GetBytes(
            """{"registrationId":"6f1c2e1a-0b6e-4a59-9a53-8f1f6f0f3c11","userId":"0a9e0f6e-2d7b-4a43-9b0e-6a1c3d2b1f00","email":"ann@example.com","displayName":"Ann","points":100,"registeredAt":"2025-06-01T12:00:00Z"}"""));

        Assert.Equal(Guid.Parse("6f1c2e1a-0b6e-4a59-9a53-8f1f6f0f3c11"), parsed.RegistrationId);
        Assert.Equal(Guid.Parse("0a9e0f6e-2d7b-4a43-9b0e-6a1c3d2b1f00"), parsed.UserId);
        Assert.Equal(100, parsed.Points);
    }

    [Fact]
    public void The_retry_delay_doubles_with_each_attempt_up_to_the_maximum()
    {
        var options = new PointsConsumerOptions { RetryBaseDelay = TimeSpan.FromSeconds(1), RetryMaxDelay = TimeSpan.FromSeconds(10) };

        int[] attempts = [1, 2, 3, 4, 5, 40];

        Assert.Equal([1, 2, 4, 8, 10, 10], attempts.Select(attempt => options.RetryDelay(attempt).TotalSeconds));
    }
}
