namespace PointsDemo.AppHost.Tests.Support;

/// <summary>Where tests keep files for people to look at: TestResults/artifacts under the test's output folder.</summary>
internal static class ArtifactFolder
{
    public static string PathOf(string fileName) =>
        Path.Combine(AppContext.BaseDirectory, "TestResults", "artifacts", fileName);
}
