using System.Net.Http.Json;

namespace PointsDemo.AppHost;

/// <summary>
/// The dashboard's way into the services' fault seams: each command arms one fault for the next
/// registration or message through the service's <c>/dev/faults/{name}</c> endpoint (Development
/// only), so a learner can break the flow at a step and watch it repair itself. The notification
/// shows what the service says it armed.
/// </summary>
internal static class FaultCommands
{
    public static IResourceBuilder<ProjectResource> WithRegistrationFaults(this IResourceBuilder<ProjectResource> userService) =>
        userService
            .WithHttpCommand("/dev/sample-user", "Register a sample user", commandName: "register-sample-user", commandOptions: Options(
                "POST /users with a made-up address: the whole tour without a terminal.", "PersonAdd", highlighted: true))
            .WithFault("lose-next-commit", "Lose the next commit", "PlugDisconnected",
                "The next registration commits locally but its COMMIT never reaches the broker; the check-back commits the message.")
            .WithFault("fail-next-local-transaction", "Fail the next local transaction", "DatabaseWarning",
                "The next registration's half message is sent, then its local transaction fails; the message is rolled back and no points are granted.")
            .WithFault("die-after-next-local-commit", "Die after the next local commit", "ErrorCircle",
                "The process exits right after the next registration's local commit; start it again (or run two replicas) and the check-back commits the message.");

    public static IResourceBuilder<ProjectResource> WithGrantFaults(this IResourceBuilder<ProjectResource> pointsService) =>
        pointsService
            .WithFault("fail-next-grant", "Fail the next grant", "ArrowRepeatAll",
                "The next grant fails; the message is not acked, comes back after its backoff, and is granted once.")
            .WithFault("poison-next-message", "Poison the next message", "Bug",
                "Every delivery of the next message fails; after the group's maximum attempts it lands in %DLQ%points-service.")
            .WithFault("deliver-next-message-twice", "Deliver the next message twice", "Copy",
                "The next message is granted but not acked; the broker delivers it again and the grant, finding it done, only acks.");

    private static IResourceBuilder<ProjectResource> WithFault(
        this IResourceBuilder<ProjectResource> service, string fault, string displayName, string icon, string description) =>
        service.WithHttpCommand($"/dev/faults/{fault}", displayName, commandName: fault, commandOptions: Options(description, icon));

    private static HttpCommandOptions Options(string description, string icon, bool highlighted = false) => new()
    {
        Method = HttpMethod.Post,
        Description = description,
        IconName = icon,
        IsHighlighted = highlighted,
        GetCommandResult = async context =>
        {
            if (!context.Response.IsSuccessStatusCode)
            {
                return CommandResults.Failure($"{(int)context.Response.StatusCode} {await context.Response.Content.ReadAsStringAsync(context.CancellationToken)}");
            }

            var answer = await context.Response.Content.ReadFromJsonAsync<Answer>(context.CancellationToken);
            return CommandResults.Success(answer?.Message ?? $"Registered {answer?.Email} (user {answer?.Id}).");
        },
    };

    // What the fault endpoints answer (a message), and what registering the sample user does (the user).
    private sealed record Answer(string? Message, Guid? Id, string? Email);
}
