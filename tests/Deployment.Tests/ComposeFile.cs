using System.Text.RegularExpressions;
using PointsDemo.TestSupport;
using YamlDotNet.RepresentationModel;

namespace PointsDemo.Deployment.Tests;

/// <summary>docker-compose.yml as a YAML tree (anchors and merge keys resolved), for checks of its settings.</summary>
internal sealed partial class ComposeFile
{
    private readonly YamlMappingNode _services;

    private ComposeFile(YamlMappingNode services) => _services = services;

    public static ComposeFile Load()
    {
        using var reader = new StreamReader(Repository.PathOf("docker-compose.yml"));
        var parser = new YamlDotNet.Core.MergingParser(new YamlDotNet.Core.Parser(reader));
        var stream = new YamlStream();
        stream.Load(parser);
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        return new ComposeFile((YamlMappingNode)root["services"]);
    }

    public IEnumerable<string> ServiceNames => _services.Children.Keys.Select(key => ((YamlScalarNode)key).Value!);

    public YamlMappingNode Service(string name) => (YamlMappingNode)_services[name];

    public IReadOnlyDictionary<string, string> Environment(string service) =>
        Service(service).Children.TryGetValue("environment", out var node)
            ? ((YamlMappingNode)node).Children.ToDictionary(pair => ((YamlScalarNode)pair.Key).Value!, pair => ((YamlScalarNode)pair.Value).Value ?? "")
            : new Dictionary<string, string>();

    public IReadOnlyList<string> Sequence(string service, string key) =>
        Service(service).Children.TryGetValue(key, out var node)
            ? ((YamlSequenceNode)node).Children.Select(item => ((YamlScalarNode)item).Value!).ToList()
            : [];

    public IReadOnlyDictionary<string, string> DependsOn(string service) =>
        Service(service).Children.TryGetValue("depends_on", out var node)
            ? ((YamlMappingNode)node).Children.ToDictionary(
                pair => ((YamlScalarNode)pair.Key).Value!,
                pair => ((YamlScalarNode)((YamlMappingNode)pair.Value)["condition"]).Value!)
            : new Dictionary<string, string>();

    public bool HasHealthCheck(string service) => Service(service).Children.ContainsKey("healthcheck");

    /// <summary>The host port a published container port is bound to (<c>127.0.0.1:host:container</c>).</summary>
    public int? HostPort(string service, int containerPort) =>
        Sequence(service, "ports").Select(Resolve).Select(port => port.Split(':'))
            .Where(parts => int.Parse(parts[^1], System.Globalization.CultureInfo.InvariantCulture) == containerPort)
            .Select(parts => (int?)int.Parse(parts[^2], System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();

    /// <summary>A container service in the terms <see cref="ServiceShape"/> compares.</summary>
    public ServiceShape Shape(string service)
    {
        var node = Service(service).Children;
        string[] entrypoint = node.TryGetValue("entrypoint", out var e) ? Words(e) : [];
        string[] command = node.TryGetValue("command", out var c) ? Words(c) : [];
        return new ServiceShape(
            Resolve(((YamlScalarNode)node["image"]).Value!),
            [.. entrypoint, .. command],
            [.. Sequence(service, "ports").Select(port => port.Split(':')[^1]).Concat(Sequence(service, "expose")).Select(int.Parse).Order()],
            [.. Sequence(service, "volumes").Select(volume => volume.StartsWith("./", StringComparison.Ordinal) ? Repository.PathOf(volume[2..]) : volume).Order()],
            Environment(service).ToDictionary(pair => pair.Key, pair => Resolve(pair.Value)),
            DependsOn(service),
            HasHealthCheck(service));
    }

    /// <summary>
    /// A value as the file gives it: <c>${VAR:-default}</c> is its default, and a variable without
    /// one (<c>${VAR}</c>, <c>${VAR:?message}</c>) comes from outside: a <see cref="ServiceShape.Secret"/>.
    /// </summary>
    public static string Resolve(string value) =>
        Interpolation().Replace(value, match => match.Groups["default"].Success ? match.Groups["default"].Value : ServiceShape.Secret);

    private static string[] Words(YamlNode node) => node switch
    {
        YamlSequenceNode sequence => [.. sequence.Children.Select(item => ((YamlScalarNode)item).Value!)],
        _ => ((YamlScalarNode)node).Value!.Split(' ', StringSplitOptions.RemoveEmptyEntries),
    };

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z0-9_]+)(:-(?<default>[^}]*)|:\?[^}]*)?\}")]
    private static partial Regex Interpolation();
}
