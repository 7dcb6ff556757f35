using System.Reflection;

namespace PointsDemo.AppHost.Resources;

/// <summary>
/// Where the services' built assemblies are. AppHost.csproj references the service projects
/// (without referencing their assemblies), so building the AppHost builds them, and records each
/// one's output path in this assembly's metadata (<c>ServiceAssembly:&lt;name&gt;</c>).
/// </summary>
internal static class ServiceAssemblies
{
    public const string UserService = "user-service";
    public const string PointsService = "points-service";

    private const string MetadataPrefix = "ServiceAssembly:";

    public static string PathOf(string service)
    {
        var path = typeof(ServiceAssemblies).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == MetadataPrefix + service)?.Value;
        if (string.IsNullOrEmpty(path))
        {
            throw new InvalidOperationException($"The AppHost was built without {service}: its project is missing from AppHost.csproj.");
        }

        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{service} is not built ({path} is missing). Run `dotnet build AppHost` or `dotnet run --project AppHost`.");
    }
}
