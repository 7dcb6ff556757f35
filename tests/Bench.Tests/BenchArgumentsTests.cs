namespace PointsDemo.Bench.Tests;

public sealed class BenchArgumentsTests
{
    [Fact]
    public void System_deployed_selects_the_deployed_system_with_ReadyToRun_unless_turned_off()
    {
        Assert.Equal(BenchSystem.AppHost, BenchArguments.Parse([]).System);
        Assert.Equal((BenchSystem.Deployed, true), (BenchArguments.Parse(["--system", "deployed"]).System, BenchArguments.Parse(["--system", "deployed"]).ReadyToRun));
        Assert.False(BenchArguments.Parse(["--system", "deployed", "--ready-to-run", "off"]).ReadyToRun);
    }

    [Theory]
    [InlineData("--system", "docker")]
    [InlineData("--ready-to-run", "off")]
    [InlineData("--system", "deployed", "--chaos", "60")]
    [InlineData("--system", "deployed", "--users-url", "http://127.0.0.1:5101", "--points-db", "Host=x")]
    [InlineData("--system", "deployed", "--ready-to-run", "maybe")]
    public void Deployed_options_that_do_not_fit_together_are_refused(params string[] args)
    {
        Assert.Throws<FormatException>(() => BenchArguments.Parse(args));
    }

    [Fact]
    public void No_arguments_give_the_defaults_in_local_mode()
    {
        var options = BenchArguments.Parse([]);

        Assert.Equal(new BenchOptions(), options);
        Assert.Null(options.Target);
        Assert.Null(options.Rate);
    }

    [Fact]
    public void Every_option_is_read()
    {
        var options = BenchArguments.Parse(
        [
            "--clients", "32", "--rate", "500", "--duration", "30", "--warmup", "0", "--ceiling-duration", "12", "--client-duration", "8",
            "--points-timeout", "20", "--poll-ms", "25", "--trace-sampling", "0.1", "--no-half-rate", "--no-ceiling", "--no-client", "--results", "out", "--log", "run.log",
        ]);

        Assert.Equal(
            new BenchOptions
            {
                Clients = 32,
                Rate = 500,
                Duration = TimeSpan.FromSeconds(30),
                Warmup = TimeSpan.Zero,
                CeilingDuration = TimeSpan.FromSeconds(12),
                ClientDuration = TimeSpan.FromSeconds(8),
                PointsTimeout = TimeSpan.FromSeconds(20),
                PollInterval = TimeSpan.FromMilliseconds(25),
                TraceSampling = 0.1,
                HalfRatePhase = false,
                CeilingPhase = false,
                ClientPhase = false,
                ResultsFolder = "out",
                LogFile = "run.log",
            },
            options);
    }

    [Fact]
    public void Dev_loop_start_times_three_starts_unless_told_how_many()
    {
        Assert.Equal(new BenchOptions { DevLoopStartRuns = 3 }, BenchArguments.Parse(["--dev-loop-start"]));
        Assert.Equal(new BenchOptions { DevLoopStartRuns = 1 }, BenchArguments.Parse(["--runs", "1", "--dev-loop-start"]));
        Assert.Equal(new BenchOptions { DevLoopStartRuns = 5, ResultsFolder = "out" }, BenchArguments.Parse(["--dev-loop-start", "--runs", "5", "--results", "out"]));
        Assert.Null(BenchArguments.Parse([]).DevLoopStartRuns);
    }

    [Theory]
    [InlineData("--dev-loop-start times `dotnet run --project AppHost` alone", "--dev-loop-start", "--system", "deployed")]
    [InlineData("--dev-loop-start times `dotnet run --project AppHost` alone", "--dev-loop-start", "--clients", "4")]
    [InlineData("--dev-loop-start times `dotnet run --project AppHost` alone", "--dev-loop-start", "--chaos", "60")]
    [InlineData("--dev-loop-start times `dotnet run --project AppHost` alone", "--dev-loop-start", "--users-url", "http://localhost:5101", "--points-db", "Host=db")]
    [InlineData("--runs counts the starts of --dev-loop-start", "--runs", "2")]
    [InlineData("--runs must be a whole number from 1 to 100", "--dev-loop-start", "--runs", "0")]
    [InlineData("--runs must be a whole number from 1 to 100", "--dev-loop-start", "--runs", "two")]
    public void Dev_loop_start_takes_only_its_own_options(string expected, params string[] args)
    {
        var error = Assert.Throws<FormatException>(() => BenchArguments.Parse(args));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_usage_text_lists_the_dev_loop_start()
    {
        Assert.Contains("--dev-loop-start", BenchArguments.Usage, StringComparison.Ordinal);
        Assert.Contains("--runs <n>", BenchArguments.Usage, StringComparison.Ordinal);
    }

    [Fact]
    public void Rate_max_means_as_fast_as_it_goes()
    {
        Assert.Null(BenchArguments.Parse(["--rate", "500", "--rate", "MAX"]).Rate);
    }

    [Fact]
    public void A_running_system_is_described_by_its_url_and_databases()
    {
        var options = BenchArguments.Parse(
            ["--users-url", "http://localhost:5100", "--points-db", "Host=db;Database=points", "--users-db", "Host=db;Database=users", "--broker-inspection", "http://127.0.0.1:9876/"]);

        Assert.Equal(
            new ExternalSystem(new Uri("http://localhost:5100"), "Host=db;Database=points", "Host=db;Database=users", new Uri("http://127.0.0.1:9876/")),
            options.Target);
    }

    [Theory]
    [InlineData("--users-url needs --points-db", "--users-url", "http://localhost:5100")]
    [InlineData("give --users-url too", "--points-db", "Host=db")]
    [InlineData("--clients must be a whole number", "--clients", "0")]
    [InlineData("--clients must be a whole number", "--clients", "1.5")]
    [InlineData("--clients must be a whole number", "--clients", "many")]
    [InlineData("--rate must be a number", "--rate", "-5")]
    [InlineData("--duration must be a number", "--duration", "0")]
    [InlineData("--users-url must be an http(s) URL", "--users-url", "ftp://host")]
    [InlineData("--trace-sampling must be a number from 0 to 1", "--trace-sampling", "2")]
    [InlineData("--trace-sampling applies to the system the bench starts", "--trace-sampling", "0.5", "--users-url", "http://localhost:5100", "--points-db", "Host=db")]
    [InlineData("Unknown option '--frobnicate'", "--frobnicate")]
    [InlineData("--duration needs a value", "--duration")]
    public void Mistakes_are_format_errors_that_say_what_was_wrong(string expected, params string[] args)
    {
        var error = Assert.Throws<FormatException>(() => BenchArguments.Parse(args));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
