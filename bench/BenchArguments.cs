using System.Globalization;
using PointsDemo.Bench.Chaos;

namespace PointsDemo.Bench;

/// <summary>Reads the bench's command line; a mistake gives the usage text, not a stack trace.</summary>
internal static class BenchArguments
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench -- [options]

          --system apphost|deployed
                                   apphost (default): the AppHost's local mode, DCP and the dashboard, the dev loop;
                                   deployed: the services published in Release and run in Production, PostgreSQL
                                   with fsync on, the durable dev broker, telemetry to an OTLP receiver in the bench
          --ready-to-run on|off    the deployed system's programs compiled ahead of time or left to the JIT; default on
          --clients <n>            concurrent clients (POST /users, and the database ceiling's workers); default 16
          --rate max|<n>           registrations/s of the main phase; default max (as fast as it goes)
          --duration <s>           seconds of the main phase and of the half-rate phase; default 20
          --warmup <s>             seconds of unmeasured load first (JIT tiering, pools); default 30
          --ceiling-duration <s>   seconds of the database ceiling; default 10
          --client-duration <s>    seconds of transactional sends with the RocketMQ client alone; default 10
          --points-timeout <s>     how long to wait for the last points after a phase; default 15
          --poll-ms <ms>           how often the points database is polled; default 10
          --trace-sampling <r>     share of traces the services record and export (0 to 1); default: every one
                                   under the AppHost, the services' production sampler (one in ten) when deployed
          --no-half-rate           skip the phase at half the main phase's rate
          --no-ceiling             skip the database ceiling
          --no-client              skip the RocketMQ client alone
          --client-only            only the RocketMQ client alone against its dev broker (no system, no PostgreSQL)
          --broker-data <folder>   the client phase's dev broker journals to this folder (fsynced, as --data)
          --results <folder>       where the JSON goes; default results
          --log <file>             the system's output; default beside the JSON

        A kill -9 run instead of the measurements (two instances of each service, the durable broker):
          --chaos <s>              seconds of registrations while processes are SIGKILLed and started again
          --seed <n>               replays a run's random choices (printed at its start); default random

        A soak instead of the measurements (the durable broker, as the AppHost runs it):
          --soak <minutes>         hold --rate for that long, every process's resident memory printed each minute

        The dev loop's start instead of the measurements (the AppHost built in Debug first, as dotnet run builds it):
          --dev-loop-start         time `dotnet run --project AppHost` from its start to every service healthy and
                                   to the first registration's points visible, then stop it with SIGTERM
          --runs <n>               how many starts, one after the other; default 3

        Against a running system instead of starting one in local mode:
          --users-url <url>        UserService, e.g. http://localhost:5100
          --points-db <conn>       the points database (required with --users-url)
          --users-db <conn>        the users database (for the ceiling)
          --broker-inspection <url> the dev broker's inspection API (for redeliveries)
        """;

    /// <exception cref="FormatException">An unknown option or a bad value; the message says which.</exception>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new BenchOptions();
        Uri? usersUrl = null;
        string? pointsDb = null;
        string? usersDb = null;
        Uri? inspection = null;
        int? seed = null;
        var readyToRunGiven = false;
        var devLoopStart = false;
        int? runs = null;
        for (var i = 0; i < args.Count; i++)
        {
            var option = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{option} needs a value.");
            switch (option)
            {
                case "--system": options = options with { System = System(Value()) }; break;
                case "--ready-to-run": options = options with { ReadyToRun = OnOff(option, Value()) }; readyToRunGiven = true; break;
                case "--clients": options = options with { Clients = WholeNumber(option, Value(), 1, 1024) }; break;
                case "--rate": options = options with { Rate = Rate(Value()) }; break;
                case "--duration": options = options with { Duration = Seconds(option, Value()) }; break;
                case "--warmup": options = options with { Warmup = Seconds(option, Value(), allowZero: true) }; break;
                case "--ceiling-duration": options = options with { CeilingDuration = Seconds(option, Value()) }; break;
                case "--client-duration": options = options with { ClientDuration = Seconds(option, Value()) }; break;
                case "--points-timeout": options = options with { PointsTimeout = Seconds(option, Value()) }; break;
                case "--poll-ms": options = options with { PollInterval = TimeSpan.FromMilliseconds(Number(option, Value(), 1, 1000)) }; break;
                case "--trace-sampling": options = options with { TraceSampling = Number(option, Value(), 0, 1) }; break;
                case "--no-half-rate": options = options with { HalfRatePhase = false }; break;
                case "--no-ceiling": options = options with { CeilingPhase = false }; break;
                case "--no-client": options = options with { ClientPhase = false }; break;
                case "--client-only": options = options with { ClientOnly = true }; break;
                case "--chaos": options = options with { Chaos = (options.Chaos ?? new ChaosOptions()) with { Duration = Seconds(option, Value()) } }; break;
                case "--seed": seed = WholeNumber(option, Value(), 0, int.MaxValue); break;
                case "--dev-loop-start": devLoopStart = true; break;
                case "--runs": runs = WholeNumber(option, Value(), 1, 100); break;
                case "--soak": options = options with { Soak = TimeSpan.FromMinutes(Number(option, Value(), 1, 24 * 60)) }; break;
                case "--broker-data": options = options with { BrokerDataFolder = Value() }; break;
                case "--results": options = options with { ResultsFolder = Value() }; break;
                case "--log": options = options with { LogFile = Value() }; break;
                case "--users-url": usersUrl = Url(option, Value()); break;
                case "--points-db": pointsDb = Value(); break;
                case "--users-db": usersDb = Value(); break;
                case "--broker-inspection": inspection = Url(option, Value()); break;
                default: throw new FormatException($"Unknown option '{option}'.");
            }
        }

        if (devLoopStart)
        {
            // The start is timed alone: every other option shapes a measurement it does not make.
            var alone = options with { ResultsFolder = new BenchOptions().ResultsFolder } == new BenchOptions()
                && !readyToRunGiven && seed is null && usersUrl is null && pointsDb is null && usersDb is null && inspection is null;
            return alone
                ? new BenchOptions { DevLoopStartRuns = runs ?? 3, ResultsFolder = options.ResultsFolder }
                : throw new FormatException("--dev-loop-start times `dotnet run --project AppHost` alone: it takes only --runs and --results.");
        }

        if (runs is not null)
        {
            throw new FormatException("--runs counts the starts of --dev-loop-start: give --dev-loop-start too.");
        }

        if (readyToRunGiven && options.System != BenchSystem.Deployed)
        {
            throw new FormatException("--ready-to-run applies to the deployed system: give --system deployed too.");
        }

        if (options.System == BenchSystem.Deployed && (options.Chaos is not null || options.Soak is not null || usersUrl is not null || options.ClientOnly))
        {
            throw new FormatException("--system deployed starts the deployed system for the measurements: it takes none of --chaos, --soak, --users-url or --client-only.");
        }

        if (seed is not null && options.Chaos is null)
        {
            throw new FormatException("--seed replays a kill -9 run: give --chaos too.");
        }

        if (options.Soak is not null && (options.Rate is null || options.Chaos is not null || usersUrl is not null || options.ClientOnly))
        {
            throw new FormatException("--soak holds a fixed rate on a system of its own: give --rate, and neither --chaos, --users-url nor --client-only.");
        }

        if (options.Chaos is not null)
        {
            return usersUrl is null && !options.ClientOnly
                ? options with { Chaos = options.Chaos with { Seed = seed ?? Random.Shared.Next() } }
                : throw new FormatException("--chaos starts a system of its own: it takes neither --users-url nor --client-only.");
        }

        if (usersUrl is not null && options.TraceSampling is not null)
        {
            throw new FormatException("--trace-sampling applies to the system the bench starts; a running system samples as it was started.");
        }

        if (options.ClientOnly && (usersUrl is not null || !options.ClientPhase))
        {
            throw new FormatException("--client-only runs the RocketMQ client alone: it takes neither --users-url nor --no-client.");
        }

        if (usersUrl is null)
        {
            return pointsDb is null && usersDb is null && inspection is null
                ? options
                : throw new FormatException("--points-db, --users-db and --broker-inspection describe a running system: give --users-url too.");
        }

        return pointsDb is null
            ? throw new FormatException("--users-url needs --points-db: points are read from the points database.")
            : options with { Target = new ExternalSystem(usersUrl, pointsDb, usersDb, inspection) };
    }

    private static BenchSystem System(string value) => value switch
    {
        "apphost" => BenchSystem.AppHost,
        "deployed" => BenchSystem.Deployed,
        _ => throw new FormatException($"--system must be apphost or deployed, not '{value}'."),
    };

    private static bool OnOff(string option, string value) => value switch
    {
        "on" => true,
        "off" => false,
        _ => throw new FormatException($"{option} must be on or off, not '{value}'."),
    };

    private static double? Rate(string value) =>
        value.Equals("max", StringComparison.OrdinalIgnoreCase) ? null : Number("--rate", value, 1, 1_000_000);

    private static TimeSpan Seconds(string option, string value, bool allowZero = false) =>
        TimeSpan.FromSeconds(Number(option, value, allowZero ? 0 : 0.1, 3600));

    private static double Number(string option, string value, double min, double max) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new FormatException($"{option} must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}, not '{value}'.");

    private static int WholeNumber(string option, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new FormatException($"{option} must be a whole number from {min} to {max}, not '{value}'.");

    private static Uri Url(string option, string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new FormatException($"{option} must be an http(s) URL, not '{value}'.");
}
