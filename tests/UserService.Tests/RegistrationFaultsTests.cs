using System.Data.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PointsDemo.RocketMq;
using PointsDemo.TestSupport.Services;
using PointsDemo.UserService.Faults;
using PointsDemo.UserService.Registration;

namespace PointsDemo.UserService.Tests;

/// <summary>
/// The faults the dashboard arms on UserService, on their own: each fires once, at its step, for the
/// first registration begun after it was armed, with what the flow handles as that step's failure.
/// </summary>
public sealed class RegistrationFaultsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly ProcessExitRecorder _exit = new();
    private readonly RegistrationFaults _faults;

    public RegistrationFaultsTests() => _faults = new RegistrationFaults(_exit, _time, NullLogger<RegistrationFaults>.Instance);

    public static TheoryData<string, string, Type> Faults => new()
    {
        { "fail-next-local-transaction", nameof(RegistrationStep.AfterHalfMessage), typeof(DbException) },
        { "lose-next-commit", nameof(RegistrationStep.AfterLocalCommit), typeof(RocketMqException) },
        { "die-after-next-local-commit", nameof(RegistrationStep.AfterLocalCommit), typeof(ProcessExitedException) },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_fault_fires_at_its_step_only_once_and_as_the_failure_the_flow_handles_there(string name, string stepName, Type failure)
    {
        var step = Enum.Parse<RegistrationStep>(stepName);
        var fault = _faults.Known.Single(f => f.Name == name);
        Assert.True(_faults.Arm(fault));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var registration = Registration();

        foreach (var other in Enum.GetValues<RegistrationStep>().Where(s => s != step))
        {
            await _faults.ReachedAsync(other, registration, TestContext.Current.CancellationToken);
        }

        var fired = await Record.ExceptionAsync(() => _faults.ReachedAsync(step, registration, TestContext.Current.CancellationToken).AsTask());
        Assert.IsType(failure, fired, exactMatch: false);
        Assert.Contains(registration.RegistrationId.ToString(), fired.Message, StringComparison.Ordinal);
        await _faults.ReachedAsync(step, Registration(), TestContext.Current.CancellationToken);
        // Disarmed as it fired: arming it again is a new arming, not "armed already".
        Assert.True(_faults.Arm(fault));
    }

    [Fact]
    public async Task The_exit_says_which_registration_is_stored_without_its_commit()
    {
        _faults.Arm(RegistrationFaults.DieAfterNextLocalCommit);
        var registration = Registration();

        await Assert.ThrowsAsync<ProcessExitedException>(() => _faults.ReachedAsync(RegistrationStep.AfterLocalCommit, registration, TestContext.Current.CancellationToken).AsTask());

        Assert.Equal(
            $"Fault die-after-next-local-commit: registration {registration.RegistrationId} is stored and its message is not committed; the process exits here.",
            await _exit.Exited);
    }

    [Fact]
    public async Task A_registration_begun_before_the_fault_was_armed_does_not_fire_it_and_the_next_one_does()
    {
        var underWay = Registration();
        _time.Advance(TimeSpan.FromMilliseconds(1));
        _faults.Arm(RegistrationFaults.LoseNextCommit);

        await _faults.ReachedAsync(RegistrationStep.AfterLocalCommit, underWay, TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<SimulatedLostCommit>(() => _faults.ReachedAsync(RegistrationStep.AfterLocalCommit, Registration(), TestContext.Current.CancellationToken).AsTask());
    }

    [Fact]
    public async Task Arming_a_fault_that_is_armed_already_leaves_it_armed_once()
    {
        Assert.True(_faults.Arm(RegistrationFaults.FailNextLocalTransaction));
        Assert.False(_faults.Arm(RegistrationFaults.FailNextLocalTransaction));

        Assert.Equal(1, await FiredAmongAsync(3));
    }

    [Fact]
    public async Task Concurrent_registrations_fire_an_armed_fault_exactly_once()
    {
        _faults.Arm(RegistrationFaults.FailNextLocalTransaction);

        Assert.Equal(1, await FiredAmongAsync(64));
    }

    /// <summary>How many of <paramref name="count"/> registrations, reaching the local transaction all at once, failed there.</summary>
    private async Task<int> FiredAmongAsync(int count)
    {
        var failures = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => Registration()).Select(registration =>
            Task.Run(async () => await Record.ExceptionAsync(() => _faults.ReachedAsync(RegistrationStep.AfterHalfMessage, registration, CancellationToken.None).AsTask()))));
        return failures.Count(failure => failure is DbException);
    }

    private UserRegisteredMessage Registration() =>
        new(Guid.CreateVersion7(), Guid.CreateVersion7(), "ann@example.com", "Ann", 100, _time.GetUtcNow());
}
