using System.Net;
using PointsDemo.TestSupport.Services;

namespace PointsDemo.EndToEnd.Tests;

/// <summary>
/// Many registrations at once, each crashing at a randomly chosen step (or not at all). Seeded:
/// the seed is printed, and <c>POINTSDEMO_E2E_SEED</c> replays a run.
/// </summary>
public sealed class RandomCrashTests(RegistrationFlow flow) : IClassFixture<RegistrationFlow>
{
    private const int Registrations = 80;
    private const int Concurrency = 8;

    [Fact]
    public async Task Random_crashes_across_many_concurrent_registrations_leave_every_registered_user_with_exactly_the_points()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("POINTSDEMO_E2E_SEED"), out var replay) ? replay : Random.Shared.Next();
        TestContext.Current.TestOutputHelper?.WriteLine($"Seed {seed} (replay with POINTSDEMO_E2E_SEED={seed})");
        var random = new Random(seed);
        var crashPoints = Enum.GetValues<CrashPoint>();
        var plan = Enumerable.Range(0, Registrations)
            .Select(i => (Email: $"random-{seed}-{i}@example.com", Crash: random.Next(3) == 0 ? CrashPoint.None : crashPoints[random.Next(1, crashPoints.Length)]))
            .ToList();

        try
        {
            var statuses = new HttpStatusCode[plan.Count];
            await Parallel.ForAsync(
                0,
                plan.Count,
                new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = TestContext.Current.CancellationToken },
                async (i, _) => statuses[i] = await flow.RegisterAsync(plan[i].Email, plan[i].Crash));

            var state = await flow.InvariantHoldsAsync();
            var registered = state.Users.Values.ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < plan.Count; i++)
            {
                var (email, crash) = plan[i];
                var crashedInUserService = crash is CrashPoint.BeforeHalfMessage or CrashPoint.AfterHalfMessage or CrashPoint.AfterLocalCommit;
                Assert.True(
                    statuses[i] == (crashedInUserService ? HttpStatusCode.InternalServerError : HttpStatusCode.Created),
                    $"{email} (crash {crash}) answered {statuses[i]}");
                Assert.True(
                    registered.Contains(email) == crash is not (CrashPoint.BeforeHalfMessage or CrashPoint.AfterHalfMessage),
                    $"{email} (crash {crash}) registered: {registered.Contains(email)}");
            }
        }
        catch (Exception failure)
        {
            throw new InvalidOperationException($"The random crash run with seed {seed} failed (replay with POINTSDEMO_E2E_SEED={seed}): {failure.Message}", failure);
        }
    }
}
