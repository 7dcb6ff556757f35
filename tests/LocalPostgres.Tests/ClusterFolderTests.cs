using System.Diagnostics;
using Npgsql;

namespace PointsDemo.LocalPostgres.Tests;

/// <summary>
/// A cluster whose server someone else runs and stops with SIGTERM (Aspire's DCP): its command
/// stops fast even with a session open, and disposing removes the folder once the server is gone.
/// </summary>
public sealed class ClusterFolderTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Its_server_stops_on_SIGTERM_with_a_session_open_and_the_folder_goes_after_it()
    {
        using var baseFolder = new TestFolder();
        var log = new RecordingLogger();
        var cluster = await PostgresClusterFolder.CreateAsync(new PostgresClusterOptions { BaseFolder = baseFolder.Path }, "secret-password", log, Cancellation);
        var port = FreePort.Pick();
        var command = cluster.ServerCommand(port);
        var startInfo = new ProcessStartInfo(command.Program, command.Arguments) { WorkingDirectory = command.WorkingDirectory, RedirectStandardOutput = true };
        foreach (var (name, value) in command.Environment)
        {
            startInfo.Environment[name] = value;
        }

        using var server = Process.Start(startInfo)!;
        // Its log on stdout: a supervisor shows stderr as errors.
        var serverLog = server.StandardOutput.ReadToEndAsync(Cancellation);
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = "postgres", Password = "secret-password", Pooling = false,
        }.ConnectionString;
        await using var open = await ConnectAsync(connectionString);

        // PostgreSQL takes a bare SIGTERM as a smart shutdown, which would wait for `open` forever.
        Process.Start("kill", ["-TERM", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).WaitForExit();
        await server.WaitForExitAsync(Cancellation).WaitAsync(TimeSpan.FromSeconds(30), Cancellation);

        Assert.Equal(0, server.ExitCode);
        Assert.Contains("fast shutdown request", await serverLog, StringComparison.Ordinal);
        Assert.True(Directory.Exists(cluster.Root));
        await cluster.DisposeAsync();
        Assert.False(Directory.Exists(cluster.Root));
    }

    // The server takes a moment to accept connections; a refused connection is tried again.
    private static async Task<NpgsqlConnection> ConnectAsync(string connectionString)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var connection = new NpgsqlConnection(connectionString);
            try
            {
                await connection.OpenAsync(Cancellation);
                return connection;
            }
            catch (NpgsqlException) when (deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await connection.DisposeAsync();
                await Task.Delay(50, Cancellation);
            }
        }
    }
}
