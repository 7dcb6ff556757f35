namespace PointsDemo.LocalPostgres;

/// <summary>How a run of one of the PostgreSQL programs ended.</summary>
internal sealed record CommandResult(string Program, int ExitCode, string Output)
{
    public void ThrowIfFailed(string whatFailed)
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException($"{whatFailed}: {Program} exited with code {ExitCode}.{Environment.NewLine}{Output}");
        }
    }
}
