using Microsoft.Extensions.Configuration;
using PointsDemo.AppHost;

// dotnet run --project AppHost [-- --mode local|docker]: the whole system and the Aspire dashboard, until Ctrl+C.
var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = args, DashboardApplicationName = "PointsDemo" });

// The broker and its topic are part of the design, whatever runs them: UserService sends half
// messages to a TRANSACTION topic, PointsService consumes them as the group points-service, and
// every request is signed, as a RocketMQ with authentication on wants it.
var rocketmq = builder.AddRocketMq("rocketmq")
    .WithTopic("user-registered", RocketMqMessageType.Transaction)
    .WithConsumerGroup("points-service")
    .WithCredentials(
        builder.AddParameter("rocketmq-access-key", "pointsdemo"),
        builder.AddParameter("rocketmq-secret-key", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true));

// Two modes, one model: the same resource names and connection strings, from containers where a
// container runtime answers and from this machine otherwise.
var postgresPassword = builder.AddParameter("postgres-password", new GenerateParameterDefault { MinLength = 24, Special = false }, secret: true);
IResourceBuilder<IResourceWithConnectionString> usersDb, pointsDb;
if (RunModes.Resolve(builder.Configuration) == RunMode.Docker)
{
    var postgres = builder.AddPostgres("postgres", password: postgresPassword).WithImageTag(ContainerImages.PostgresTag);
    usersDb = postgres.AddDatabase("usersdb");
    pointsDb = postgres.AddDatabase("pointsdb");
    rocketmq.RunAsContainers();
}
else
{
    var postgres = builder.AddLocalPostgres("postgres", postgresPassword);
    usersDb = postgres.AddDatabase("usersdb");
    pointsDb = postgres.AddDatabase("pointsdb");
    // Durable: what the broker accepted survives its restart from the dashboard, for this run. Its
    // check-backs come every 5 s (RocketMQ's default is 30 s), so a lost commit is seen repaired.
    rocketmq.RunAsDevBroker<Projects.RocketMq_DevBroker>(
        dataFolder: RunFolders.Reserve(builder, "rocketmq"),
        configure: broker => broker.WithArgs("--check-interval", "5s", "--max-checks", "60"));
}

// Each service starts once its database and the broker are healthy. Their ports (5101, 5102) come
// from their launch profiles; /health exists in Development, which those profiles set. They serve
// plain HTTP on loopback, so no development certificate is configured for them. With --replicas 2,
// each runs twice behind its port: either UserService answers a check-back, and both
// PointsService instances share the consumer group.
var replicas = builder.Configuration.GetValue("Replicas", 1);
builder.AddProject<Projects.PointsService>("points-service")
    .WithReplicas(replicas)
    // A failed grant comes back after 2, 4, 8 and then every 10 s, and an unacked message after 10 s
    // (the proxy's least): repairs a learner can watch, within RocketMQ's 17 attempts before the DLQ.
    .WithEnvironment("PointsConsumer__InvisibleDuration", "00:00:10")
    .WithEnvironment("PointsConsumer__RetryBaseDelay", "00:00:02")
    .WithEnvironment("PointsConsumer__RetryMaxDelay", "00:00:10")
    .WithGrantFaults()
    .WithReference(pointsDb).WaitFor(pointsDb)
    .WithReference(rocketmq).WaitFor(rocketmq)
    .WithHttpHealthCheck("/health")
    .WithoutHttpsCertificate()
    .WithUrlForEndpoint("http", endpoint => new() { Url = "/swagger", DisplayText = "Points API (Swagger)" });

builder.AddProject<Projects.UserService>("user-service")
    .WithReplicas(replicas)
    .WithRegistrationFaults()
    .WithReference(usersDb).WaitFor(usersDb)
    .WithReference(rocketmq).WaitFor(rocketmq)
    .WithHttpHealthCheck("/health")
    .WithoutHttpsCertificate()
    .WithUrlForEndpoint("http", endpoint => new() { Url = "/swagger", DisplayText = "Swagger: POST /users" });

// The dashboard runs on this machine and stops with everything else: an export it has not taken
// within two seconds will not be taken, and without this each process would retry its last
// export at the stop for the default ten seconds.
foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
{
    builder.CreateResourceBuilder(project).WithEnvironment("OTEL_EXPORTER_OTLP_TIMEOUT", "2000");
}

// Each application starts from the program its build made, not through `dotnet run --no-build`,
// which evaluates the project with MSBuild first (Hosting/BuiltPrograms.cs).
builder.RunBuiltPrograms();

// Disposed, not only run: disposing removes what the AppHost made on this machine (the local
// cluster's folder) once DCP has stopped every process.
await using var app = builder.Build();
await app.RunAsync();
