using PointsDemo.AppHost.Dashboard;

// The dashboard on its own until the orchestration arrives: Ctrl+C stops it.
using var state = new DashboardState(new());
await using var dashboard = await DashboardHost.StartAsync(new DashboardOptions(), state, null, CancellationToken.None);
Console.WriteLine($"Dashboard: {dashboard.UiUrl}  OTLP/HTTP: {dashboard.OtlpUrl}");
var stopped = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stopped.TrySetResult(); };
await stopped.Task;
