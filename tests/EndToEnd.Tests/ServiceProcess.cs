using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using PointsDemo.TestSupport;

namespace PointsDemo.EndToEnd.Tests;

/// <summary>
/// A service's own program (its apphost, copied beside the tests) run as a process of its own in
/// Development on a free loopback port, from an empty working folder (where a crash would leave a
/// core file), until it exits or is killed.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;
    private readonly ConcurrentQueue<string> _errorLines = new();

    private ServiceProcess(Process process, string folder, Uri address)
    {
        _process = process;
        _folder = folder;
        Client = new HttpClient { BaseAddress = address };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                _errorLines.Enqueue(line.Data);
            }
        };
        process.OutputDataReceived += (_, _) => { }; // read, so a full pipe never blocks the service's logging
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
    }

    public HttpClient Client { get; }

    /// <summary>What it wrote to standard error so far.</summary>
    public string StandardError => string.Join(Environment.NewLine, _errorLines);

    /// <summary>Starts <paramref name="program"/> with <paramref name="environment"/> and waits until it answers <c>/alive</c>.</summary>
    public static async Task<ServiceProcess> StartAsync(string program, IReadOnlyDictionary<string, string> environment)
    {
        var folder = Directory.CreateTempSubdirectory("pointsdemo-process-").FullName;
        var address = new Uri($"http://{UnusedPort.Endpoint()}");
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, program))
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var service = new ServiceProcess(Process.Start(start)!, folder, address);
        await Eventually.MeetsAsync(service.AliveAsync, status => status == HttpStatusCode.OK, $"{program} answers /alive", TimeSpan.FromSeconds(60));
        return service;
    }

    /// <summary>Waits for the process to end by itself; its exit code.</summary>
    public async Task<int> ExitedAsync(TimeSpan within)
    {
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(within, TestContext.Current.CancellationToken);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync(CancellationToken.None);
        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<HttpStatusCode> AliveAsync()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"The service exited ({_process.ExitCode}) before it answered: {StandardError}");
        }

        try
        {
            using var response = await Client.GetAsync(new Uri("/alive", UriKind.Relative), TestContext.Current.CancellationToken);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0; // Not listening yet.
        }
    }
}
