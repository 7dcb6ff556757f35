using YamlDotNet.RepresentationModel;

namespace PointsDemo.Deployment.Tests;

/// <summary>docker-compose.yml as a YAML tree (anchors and merge keys resolved), for checks of its settings.</summary>
internal sealed class ComposeFile
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
}
