namespace PointsDemo.LocalPostgres.Tests;

/// <summary>
/// A folder of one test's own under /tmp, deleted afterwards. Enterable by every user, since the
/// server may run as another user (postgres) when the tests run as root.
/// </summary>
internal sealed class TestFolder : IDisposable
{
    private const UnixFileMode EnterableByAll =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public TestFolder() => Directory.CreateDirectory(Path, EnterableByAll);

    public string Path { get; } = System.IO.Path.Combine("/tmp", $"pointsdemo-test-{Guid.NewGuid():N}");

    public string Create(string relativePath)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(full, EnterableByAll);
        return full;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
