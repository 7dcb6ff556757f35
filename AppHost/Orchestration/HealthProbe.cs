namespace PointsDemo.AppHost.Orchestration;

/// <summary>A resource that did not come up; the message is meant for the console as it is.</summary>
internal sealed class ResourceFailedException(string message) : Exception(message);

/// <summary>
/// Waits until a service's <c>/health</c> answers 200, as Aspire's WaitFor does: polling with a
/// back-off, giving up when the process exits (no point waiting for a dead process) or at the timeout.
/// </summary>
internal static class HealthProbe
{
    public static async Task WaitHealthyAsync(HttpClient http, string name, Uri health, Task exited, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var delay = TimeSpan.FromMilliseconds(100);
        string last = "no answer yet";
        try
        {
            while (true)
            {
                if (exited.IsCompleted)
                {
                    throw new ResourceFailedException($"{name} exited before it was healthy; see its output above.");
                }

                try
                {
                    using var response = await http.GetAsync(health, deadline.Token);
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }

                    last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(deadline.Token)}";
                }
                catch (HttpRequestException error)
                {
                    last = error.Message;
                }

                await Task.WhenAny(exited, Task.Delay(delay, deadline.Token));
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ResourceFailedException($"{name} was not healthy within {timeout.TotalSeconds:0} s ({health}: {last}).");
        }
    }
}
