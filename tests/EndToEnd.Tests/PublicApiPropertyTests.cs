using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CsCheck;
using Npgsql;
using PointsDemo.RocketMq.DevBroker;
using PointsDemo.TestSupport;
using PointsDemo.TestSupport.Services;

namespace PointsDemo.EndToEnd.Tests;

/// <summary>
/// The whole system in-process for the property test: the broker waits long enough before a
/// check-back that every registration is decided by its own request, not by a check-back racing it.
/// </summary>
public sealed class PublicApiSystem(PostgresFixture postgres) : RunningSystem(postgres, "public_api")
{
    private protected override void ConfigureBroker(DevBrokerOptions options)
    {
        options.TransactionTimeout = TimeSpan.FromSeconds(10);
        options.MaxDeliveryAttempts = 16;
    }
}

/// <summary>
/// A property-based test of the public HTTP API: generated requests to <c>POST /users</c> (JSON of
/// every shape, strings from every Unicode category, sizes at the limits and past them) and to the
/// GET routes, each checked against <see cref="PublicApiModel"/>: no 5xx; 201 only for valid input;
/// a 4xx stores nothing (no user, no barrier row, no message); and once the flow has settled, every
/// 201 has its points exactly once. Seeded: the seed is printed, <c>POINTSDEMO_PROPERTY_SEED</c>
/// replays a run and <c>POINTSDEMO_PROPERTY_CASES</c> makes it longer.
/// </summary>
public sealed class PublicApiPropertyTests(PublicApiSystem system) : IClassFixture<PublicApiSystem>
{
    public const string SeedVariable = "POINTSDEMO_PROPERTY_SEED";
    public const string CasesVariable = "POINTSDEMO_PROPERTY_CASES";
    private const int DefaultCases = 200;

    // Enough further cases for CsCheck to find a smaller failing one; spent only once a case failed.
    private const int ShrinkAttempts = 100;

    private readonly PublicApiModel _model = new();
    private readonly Dictionary<string, int> _statuses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _reasons = new(StringComparer.Ordinal);

    // The last requests and their answers: a failure can depend on what came before it.
    private readonly Queue<string> _recent = new();

    [Fact]
    public async Task Generated_requests_get_no_5xx_only_valid_ones_are_stored_and_each_stored_user_gets_the_points_once()
    {
        var output = TestContext.Current.TestOutputHelper!;
        var seed = Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } given ? ulong.Parse(given, CultureInfo.InvariantCulture) : (ulong)Random.Shared.NextInt64();
        var cases = Environment.GetEnvironmentVariable(CasesVariable) is { Length: > 0 } count ? int.Parse(count, CultureInfo.InvariantCulture) : DefaultCases;
        output.WriteLine($"Seed {seed}, {cases} cases: replay with {SeedVariable}={seed} {CasesVariable}={cases}.");
        var started = TimeProvider.System.GetTimestamp();

        // CsCheck_Seed, which a shrunk failure names, sends that one case first.
        if (Check.Seed is { } single)
        {
            output.WriteLine($"First the case of CsCheck seed {single}.");
            await ApiCases.Case.SampleAsync(SendAsync, seed: single, iter: 1, threads: 1, print: Print);
        }

        var random = new PCG(0, seed);
        for (var i = 0; i < cases; i++)
        {
            var caseSeed = random.ToString(random.State);
            var generated = ApiCases.Case.Generate(random, null, out _);
            try
            {
                await SendAsync(generated);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                var shrunk = await ShrinkAsync(caseSeed);
                throw new InvalidOperationException(
                    $"Case {i} of the run with seed {seed} failed (replay with {SeedVariable}={seed}; the case alone: CsCheck_Seed={caseSeed}): {generated}\n{Messages(failure)}\n" +
                    $"The cases before it:\n{string.Join("\n", _recent)}{shrunk}",
                    failure);
            }
        }

        await EveryAcceptedUserHasThePointsOnceAsync();
        output.WriteLine(
            $"{cases} cases in {TimeProvider.System.GetElapsedTime(started).TotalSeconds:0.0} s: {string.Join(", ", _statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} x{s.Value}"))}; " +
            $"{_model.Accepted.Count} users registered, each with its points once. POST /users expected: " +
            string.Join(", ", _reasons.OrderByDescending(r => r.Value).Select(r => $"{r.Key} x{r.Value}")));
    }

    private async Task SendAsync(ApiCase generated)
    {
        switch (generated)
        {
            case PostUser post:
                await PostAsync(post.ContentType, post.Body);
                break;
            case PostDuplicate duplicate:
                var email = _model.DuplicateEmail(duplicate);
                await PostAsync("application/json", new ObjectBody(
                    [new Member("email", new TextValue(email, TextEscaping.Minimal)), new Member("displayName", new TextValue("Again", TextEscaping.Minimal))], Framing.Compact, 0));
                break;
            case GetRoute get:
                await GetAsync(get);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(generated), generated, null);
        }
    }

    private async Task PostAsync(string? contentType, PostBody body)
    {
        var ct = TestContext.Current.CancellationToken;
        var bytes = body.Render();
        var expected = _model.ExpectPost(contentType, body, bytes.Length);
        _reasons[expected.Why] = _reasons.GetValueOrDefault(expected.Why) + 1;
        using var content = new ByteArrayContent(bytes);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using var response = await system.UsersClient.PostAsync(new Uri("/users", UriKind.Relative), content, ct);
        var answer = await response.Content.ReadAsStringAsync(ct);
        Count($"POST /users ({contentType}, {bytes.Length} bytes) {body}", $"POST {(int)response.StatusCode}");
        AssertStatus(expected, response, answer);

        if (response.StatusCode == HttpStatusCode.Created)
        {
            var user = JsonSerializer.Deserialize<JsonElement>(answer);
            var id = user.GetProperty("id").GetGuid();
            Assert.Equal(expected.Email, user.GetProperty("email").GetString());
            Assert.Equal(expected.DisplayName, user.GetProperty("displayName").GetString());
            Assert.Equal($"/users/{id}", response.Headers.Location?.OriginalString);
            _model.Accept(id, expected);
        }
        else
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            if (expected.InvalidFields is { } fields)
            {
                var errors = JsonSerializer.Deserialize<JsonElement>(answer).GetProperty("errors");
                Assert.Equal(fields.Order(StringComparer.Ordinal), errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
            }
        }

        await NothingStoredButTheAcceptedAsync();
    }

    private async Task GetAsync(GetRoute get)
    {
        var ct = TestContext.Current.CancellationToken;
        var segment = _model.SegmentText(get.Segment);
        var path = $"/{(get.Points ? "points" : "users")}/{Uri.EscapeDataString(segment)}{(get.Segment as Garbage)?.RawSuffix}";
        var expected = _model.ExpectGet(get, path);
        var client = get.Points ? system.PointsClient : system.UsersClient;

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), ct);
        var answer = await response.Content.ReadAsStringAsync(ct);
        Count(get.ToString(), $"GET {(get.Points ? "points" : "users")} {(int)response.StatusCode}");
        if (expected.MayBeNotYetGranted && response.StatusCode == HttpStatusCode.NotFound)
        {
            return;
        }

        AssertStatus(expected, response, answer);
        if (response.StatusCode == HttpStatusCode.OK && get.Points)
        {
            var points = JsonSerializer.Deserialize<JsonElement>(answer);
            Assert.Equal(FlowState.RegistrationPoints, points.GetProperty("balance").GetInt64());
            Assert.Equal(1, points.GetProperty("entries").GetArrayLength());
        }
        else if (response.StatusCode == HttpStatusCode.OK)
        {
            var user = JsonSerializer.Deserialize<JsonElement>(answer);
            var accepted = _model.Accepted.Single(u => u.Id == user.GetProperty("id").GetGuid());
            Assert.Equal(accepted.Email, user.GetProperty("email").GetString());
            Assert.Equal(accepted.DisplayName, user.GetProperty("displayName").GetString());
        }
    }

    private static void AssertStatus(Expectation expected, HttpResponseMessage response, string answer)
    {
        Assert.False((int)response.StatusCode >= 500, $"A 5xx: {(int)response.StatusCode} {answer}");
        Assert.True(
            expected.Status == response.StatusCode,
            $"Expected {(int)expected.Status} ({expected.Why}), got {(int)response.StatusCode}: {answer}");
    }

    // After every response: the users, the barrier rows and the committed messages are exactly the accepted registrations, and no half message is left open.
    private async Task NothingStoredButTheAcceptedAsync()
    {
        var accepted = _model.Accepted.Count;
        var (users, barriers) = await CountRowsAsync();
        Assert.True(users == accepted && barriers == accepted, $"{users} users and {barriers} barrier rows stored, for {accepted} registrations accepted");
        await Eventually.MeetsAsync(
            () => (Committed: system.Broker.TopicNow().Stored, Open: system.Broker.Inspector.TakeSnapshot().HalfMessages.Count),
            broker => broker.Committed == accepted && broker.Open == 0,
            $"the broker holds {accepted} committed messages and no half message",
            TimeSpan.FromSeconds(20));
    }

    private async Task EveryAcceptedUserHasThePointsOnceAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var state = await system.InvariantHoldsAsync();
        Assert.Empty(state.DeadLettered);
        Assert.Equal(_model.Accepted.Select(u => u.Id).Order(), state.Users.Keys.Order());
        foreach (var user in _model.Accepted)
        {
            Assert.Equal(user.Email, state.Users[user.Id]);
            Assert.Equal((FlowState.RegistrationPoints, 1), state.Points[user.Id]);
            var points = await system.PointsClient.GetFromJsonAsync<JsonElement>(new Uri($"/points/{user.Id}", UriKind.Relative), ct);
            Assert.Equal(FlowState.RegistrationPoints, points.GetProperty("balance").GetInt64());
        }

        Assert.Equal(_model.Accepted.Count, system.Broker.TopicNow().Stored);
    }

    private async Task<(long Users, long Barriers)> CountRowsAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = new NpgsqlConnection(system.UsersDb);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM registration_barriers)", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    // CsCheck starts from the failing case and keeps whichever smaller case still fails.
    private async Task<string> ShrinkAsync(string caseSeed)
    {
        try
        {
            await ApiCases.Case.SampleAsync(SendAsync, seed: caseSeed, iter: ShrinkAttempts, threads: 1, print: Print);
            return "\nShrinking found no failing case (the failure depends on the cases before it).";
        }
        catch (CsCheckException shrunk)
        {
            return $"\nShrunk: {shrunk.Message}";
        }
    }

    private static string Messages(Exception failure) =>
        failure.InnerException is null ? failure.Message : $"{failure.Message} ({Messages(failure.InnerException)})";

    private static string Print(ApiCase generated) => generated.ToString() ?? "";

    private void Count(string request, string status)
    {
        _statuses[status] = _statuses.GetValueOrDefault(status) + 1;
        _recent.Enqueue($"{request} -> {status}");
        if (_recent.Count > 5)
        {
            _recent.Dequeue();
        }
    }
}
