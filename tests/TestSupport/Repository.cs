namespace PointsDemo.TestSupport;

/// <summary>Paths in the repository these tests read, found from the test binaries upwards.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relativePath) => System.IO.Path.Combine(Root, relativePath);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "PointsDemo.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No PointsDemo.sln above {AppContext.BaseDirectory}.");
    }
}
