using System.Xml.Linq;
using PointsDemo.TestSupport;

namespace PointsDemo.Packaging.Tests;

/// <summary>
/// A folder outside the repository with the packed libraries as a feed, and an AppHost and a worker
/// that reference only those packages: what someone using RocketMQ in their own Aspire app writes.
/// </summary>
internal sealed class OutsideApp : IDisposable
{
    private const string Topic = "greetings";
    private const string ConsumerGroup = "greeters";

    private OutsideApp(string root, string packageVersion)
    {
        Root = root;
        PackageVersion = packageVersion;
    }

    /// <summary>The folder; a temporary one, so no Directory.Build.props or Directory.Packages.props of the repository applies.</summary>
    public string Root { get; }

    /// <summary>The version the packages were packed with, unique to this run.</summary>
    public string PackageVersion { get; }

    public string Feed => Path.Combine(Root, "feed");

    public string AppHostFolder => Path.Combine(Root, "AppHost");

    /// <summary>
    /// The packages restore into the folder's own cache (the machine's cache only lends what it
    /// already holds), so this run's packages are the ones used and none is left behind.
    /// </summary>
    public string PackagesFolder => Path.Combine(Root, "packages");

    /// <summary>What every dotnet command here runs with: the folder's package cache, and none of the test host's MSBuild settings.</summary>
    public IReadOnlyDictionary<string, string?> Environment
    {
        get
        {
            var environment = new Dictionary<string, string?>
            {
                ["NUGET_PACKAGES"] = PackagesFolder,
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
            };
            // `dotnet test` runs this under MSBuild's variables, which would steer the inner builds.
            foreach (var name in System.Environment.GetEnvironmentVariables().Keys.Cast<string>())
            {
                if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.StartsWith("MSBUILD", StringComparison.Ordinal))
                {
                    environment[name] = null;
                }
            }

            return environment;
        }
    }

    /// <summary>Packs the libraries into <see cref="Feed"/> and writes the AppHost, the worker and the NuGet configuration.</summary>
    public static async Task<OutsideApp> CreateAsync(TimeSpan packTimeout)
    {
        var app = new OutsideApp(
            Path.Combine(Path.GetTempPath(), $"pointsdemo-outside-{Guid.NewGuid():N}"),
            $"{RepositoryVersion()}-outside.{DateTime.UtcNow:yyyyMMddHHmmss}");
        Directory.CreateDirectory(app.Root);
        // Debug, as the solution built them: packing reuses the build instead of compiling again.
        var pack = await ProgramRun.RunAsync(
            "dotnet",
            ["pack", Repository.PathOf("RocketMq/RocketMq.Packages.slnf"), "-c", "Debug", "--no-restore", "-o", app.Feed, $"-p:PackageVersion={app.PackageVersion}", "-nologo"],
            Repository.Root,
            timeout: packTimeout);
        Assert.True(pack.ExitCode == 0, $"dotnet pack failed: {pack}");
        app.WriteFiles();
        return app;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process of the run still holding a file: the folder is temporary anyway.
        }
    }

    private static string RepositoryVersion() =>
        XDocument.Load(Repository.PathOf("RocketMq/Directory.Build.props")).Descendants("Version").Single().Value;

    /// <summary>A package's version as the repository pins it centrally.</summary>
    private static string CentralVersion(string package) =>
        XDocument.Load(Repository.PathOf("Directory.Packages.props")).Descendants("PackageVersion")
            .Single(p => (string?)p.Attribute("Include") == package).Attribute("Version")!.Value;

    /// <summary>The Aspire AppHost SDK the repository's own AppHost builds with.</summary>
    private static string AppHostSdkVersion() =>
        XDocument.Load(Repository.PathOf("AppHost/AppHost.csproj")).Descendants("Sdk")
            .Single(s => (string?)s.Attribute("Name") == "Aspire.AppHost.Sdk").Attribute("Version")!.Value;

    private void WriteFiles()
    {
        var machinePackages = System.Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        // The machine's own sources come from its user-level NuGet.Config, which applies here too.
        Write("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{PackagesFolder}" />
              </config>
              <packageSources>
                <add key="pointsdemo-local" value="{Feed}" />
              </packageSources>
              <fallbackPackageFolders>
                <add key="machine" value="{machinePackages}" />
              </fallbackPackageFolders>
            </configuration>
            """);

        Write("Worker/Worker.csproj", ProjectFile(
            extraSdk: null,
            $"""<PackageReference Include="PointsDemo.RocketMq.Client" Version="{PackageVersion}" />""",
            $"""<PackageReference Include="Microsoft.Extensions.Hosting" Version="{CentralVersion("Microsoft.Extensions.Hosting.Abstractions")}" />"""));
        Write("Worker/Program.cs", $$"""
            using System.Text;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using PointsDemo.RocketMq;

            // Sends one message through the AppHost's RocketMQ and receives it with its own consumer:
            // exit code 0 once it arrives, 1 when it has not within a minute.
            var builder = Host.CreateApplicationBuilder(args);
            builder.AddRocketMqProducer("rocketmq", configureProducer: producer => producer.Topics.Add("{{Topic}}"));
            builder.AddRocketMqSimpleConsumer("rocketmq", configureConsumer: consumer =>
            {
                consumer.ConsumerGroup = "{{ConsumerGroup}}";
                consumer.Subscriptions["{{Topic}}"] = "*";
            });

            using var host = builder.Build();
            await host.StartAsync();

            var text = $"hello {Guid.NewGuid():N}";
            var receipt = await host.Services.GetRequiredService<Producer>()
                .SendAsync(new Message("{{Topic}}", Encoding.UTF8.GetBytes(text)) { Tag = "hello" });
            Console.WriteLine($"sent {receipt.MessageId}: {text}");

            var consumer = host.Services.GetRequiredService<SimpleConsumer>();
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            var received = false;
            while (!received && !deadline.IsCancellationRequested)
            {
                IReadOnlyList<MessageView> messages;
                try
                {
                    messages = await consumer.ReceiveAsync(16, TimeSpan.FromSeconds(30), deadline.Token);
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested)
                {
                    break;
                }

                foreach (var message in messages)
                {
                    await consumer.AckAsync(message);
                    if (Encoding.UTF8.GetString(message.Body.Span) == text)
                    {
                        Console.WriteLine($"received {message.MessageId}: {text}");
                        received = true;
                    }
                }
            }

            await host.StopAsync();
            if (!received)
            {
                Console.WriteLine("not received: the message did not arrive within a minute");
            }

            return received ? 0 : 1;
            """);

        Write("AppHost/AppHost.csproj", ProjectFile(
            extraSdk: $"""<Sdk Name="Aspire.AppHost.Sdk" Version="{AppHostSdkVersion()}" />""",
            $"""<PackageReference Include="Aspire.Hosting.AppHost" Version="{CentralVersion("Aspire.Hosting.AppHost")}" />""",
            $"""<PackageReference Include="PointsDemo.RocketMq.Hosting" Version="{PackageVersion}" />""",
            $"""<PackageReference Include="PointsDemo.RocketMq.DevBroker" Version="{PackageVersion}" />""",
            """<ProjectReference Include="../Worker/Worker.csproj" />"""));
        Write("AppHost/Program.cs", $$"""
            using Aspire.Hosting.ApplicationModel;
            using Microsoft.Extensions.DependencyInjection;

            // No dashboard: the run is watched from here, not from a browser.
            var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = args, DisableDashboard = true });

            var rocketmq = builder.AddRocketMq("rocketmq")
                .WithTopic("{{Topic}}")
                .WithConsumerGroup("{{ConsumerGroup}}")
                .RunAsDevBroker();

            builder.AddProject<Projects.Worker>("worker").WithReference(rocketmq).WaitFor(rocketmq);

            // Runs until the worker ends, prints its console, and ends with its exit code.
            using var app = builder.Build();
            var logs = app.Services.GetRequiredService<ResourceLoggerService>();
            var outcomeLogged = new TaskCompletionSource();
            var watched = new HashSet<string>();
            _ = Task.Run(async () =>
            {
                await foreach (var update in app.ResourceNotifications.WatchAsync())
                {
                    if (update.Resource.Name != "worker" || !watched.Add(update.ResourceId))
                    {
                        continue;
                    }

                    _ = Task.Run(async () =>
                    {
                        await foreach (var batch in logs.WatchAsync(update.ResourceId))
                        {
                            foreach (var line in batch)
                            {
                                Console.WriteLine($"worker: {line.Content}");
                                if (line.Content.Contains("received ", StringComparison.Ordinal))
                                {
                                    outcomeLogged.TrySetResult();
                                }
                            }
                        }
                    });
                }
            });

            await app.StartAsync();
            var ended = await app.ResourceNotifications.WaitForResourceAsync(
                "worker", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text));
            // The console reaches the log service a moment after the process ends.
            await Task.WhenAny(outcomeLogged.Task, Task.Delay(TimeSpan.FromSeconds(10)));
            var exitCode = ended.Snapshot.ExitCode ?? -1;
            Console.WriteLine($"worker exited with code {exitCode}");
            await app.StopAsync();
            return exitCode;
            """);
    }

    /// <summary>A program's project file as `dotnet new` would start it, with these references.</summary>
    private static string ProjectFile(string? extraSdk, params string[] references) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          {extraSdk}
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
          </PropertyGroup>
          <ItemGroup>
            {string.Join("\n    ", references)}
          </ItemGroup>
        </Project>
        """;

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text + "\n");
    }
}
