namespace PointsDemo.AppHost.Orchestration;

/// <summary>
/// Writes the logs of an in-process resource (the PostgreSQL cluster's manager, the dev broker, the
/// dashboard's web hosts) to <see cref="ResourceConsole"/> under the resource's name.
/// </summary>
internal sealed class ResourceLoggerProvider(ResourceConsole console, string resource, LogLevel minimum = LogLevel.Information) : ILoggerProvider
{
    /// <summary>A logger factory of its own per resource, so each one's logs carry its name whatever their categories.</summary>
    public static ILoggerFactory FactoryFor(ResourceConsole console, string resource, LogLevel minimum = LogLevel.Information) =>
        LoggerFactory.Create(logging => logging.SetMinimumLevel(minimum).AddProvider(new ResourceLoggerProvider(console, resource, minimum)));

    public ILogger CreateLogger(string categoryName) => new ResourceLogger(console, resource, minimum);

    public void Dispose()
    {
    }

    private sealed class ResourceLogger(ResourceConsole console, string resource, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            // The exception's message, not its stack: the console is for people running the demo.
            var text = formatter(state, exception) + (exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})");
            console.Write(resource, text, isError: logLevel >= LogLevel.Warning);
        }
    }
}
