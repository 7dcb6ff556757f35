using System.Globalization;

namespace PointsDemo.AppHost.Orchestration;

/// <summary>Reads the AppHost's command line; a mistake gives the usage text, not a stack trace.</summary>
internal static class CommandLine
{
    public const string Usage = """
        Usage: dotnet run --project AppHost [-- options]

          --mode auto|local|docker   where PostgreSQL and RocketMQ come from (default auto: docker when `docker info` answers)
          --dashboard-port <port>    built-in dashboard UI (default 18888)
          --otlp-port <port>         built-in dashboard's OTLP/HTTP receiver (default 18890)
          --user-port <port>         UserService (default: a free port)
          --points-port <port>       PointsService (default: a free port)
          --broker-port <port>       dev broker gRPC port (default: a free port)
          --data <folder>            where the local PostgreSQL cluster lives (default: a temp folder, deleted at exit)
          --compose-file <file>      docker mode: the compose file (default docker-compose.yml)
        """;

    /// <exception cref="FormatException">An unknown option or a bad value; the message says which.</exception>
    public static AppHostSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new AppHostSettings();
        for (var i = 0; i < args.Count; i++)
        {
            var option = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{option} needs a value.");
            settings = option switch
            {
                "--mode" => settings with { Mode = ParseMode(Value()) },
                "--dashboard-port" => settings with { DashboardPort = ParsePort(option, Value()) },
                "--otlp-port" => settings with { OtlpPort = ParsePort(option, Value()) },
                "--user-port" => settings with { UserServicePort = ParsePort(option, Value()) },
                "--points-port" => settings with { PointsServicePort = ParsePort(option, Value()) },
                "--broker-port" => settings with { BrokerPort = ParsePort(option, Value()) },
                "--data" => settings with { DataFolder = Value() },
                "--compose-file" => settings with { ComposeFile = Value() },
                _ => throw new FormatException($"Unknown option '{option}'."),
            };
        }

        return settings;
    }

    private static RunMode ParseMode(string value) => value.ToLowerInvariant() switch
    {
        "auto" => RunMode.Auto,
        "local" => RunMode.Local,
        "docker" => RunMode.Docker,
        _ => throw new FormatException($"--mode must be auto, local or docker, not '{value}'."),
    };

    private static int ParsePort(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw new FormatException($"{option} must be a port number (0 for a free one), not '{value}'.");
}
