using System.Data.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PointsDemo.PointsService.Faults;
using PointsDemo.PointsService.Grants;

namespace PointsDemo.PointsService.Tests;

/// <summary>
/// The faults the dashboard arms on PointsService, on their own: each fires at its step for the first
/// registration made after it was armed, as the failure the consumer handles there.
/// </summary>
public sealed class GrantFaultsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly GrantFaults _faults;

    public GrantFaultsTests() => _faults = new GrantFaults(_time, NullLogger<GrantFaults>.Instance);

    public static TheoryData<string, string, Type> Faults => new()
    {
        { "fail-next-grant", nameof(GrantStep.BeforeGrant), typeof(DbException) },
        { "poison-next-message", nameof(GrantStep.BeforeGrant), typeof(PoisonMessageException) },
        { "deliver-next-message-twice", nameof(GrantStep.AfterGrantCommit), typeof(SimulatedCrashBeforeAck) },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_fault_fires_at_its_step_for_the_next_registration_only(string name, string stepName, Type failure)
    {
        var step = Enum.Parse<GrantStep>(stepName);
        var fault = _faults.Known.Single(f => f.Name == name);
        var earlier = Registration();
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(_faults.Arm(fault));
        var next = Registration();

        await _faults.ReachedAsync(step, earlier, TestContext.Current.CancellationToken);
        foreach (var other in Enum.GetValues<GrantStep>().Where(s => s != step))
        {
            await _faults.ReachedAsync(other, next, TestContext.Current.CancellationToken);
        }

        Assert.IsType(failure, await Record.ExceptionAsync(() => _faults.ReachedAsync(step, next, CancellationToken.None).AsTask()), exactMatch: false);
        await _faults.ReachedAsync(step, Registration(), TestContext.Current.CancellationToken);
        // Disarmed as it fired: arming it again is a new arming, not "armed already".
        Assert.True(_faults.Arm(fault));
    }

    [Fact]
    public async Task A_poisoned_message_fails_on_every_delivery_while_the_others_pass()
    {
        _faults.Arm(GrantFaults.PoisonNextMessage);
        var poisoned = Registration();
        var healthy = Registration();

        var deliveries = new List<Exception?>();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            deliveries.Add(await Record.ExceptionAsync(() => _faults.ReachedAsync(GrantStep.BeforeGrant, poisoned, CancellationToken.None).AsTask()));
        }

        Assert.All(deliveries, failure => Assert.Contains($"registration {poisoned.RegistrationId}", Assert.IsType<PoisonMessageException>(failure).Message, StringComparison.Ordinal));
        await _faults.ReachedAsync(GrantStep.BeforeGrant, healthy, TestContext.Current.CancellationToken);
        await _faults.ReachedAsync(GrantStep.AfterGrantCommit, healthy, TestContext.Current.CancellationToken);
    }

    private UserRegisteredMessage Registration() => new(Guid.CreateVersion7(), Guid.CreateVersion7(), 100, _time.GetUtcNow());
}
