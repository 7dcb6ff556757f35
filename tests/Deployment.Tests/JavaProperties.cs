namespace PointsDemo.Deployment.Tests;

/// <summary>
/// A Java properties file as the broker's loader reads it (the subset broker.conf uses): comment
/// lines skipped, the key up to the first '=', ':' or blank, a key given again wins.
/// </summary>
internal static class JavaProperties
{
    public static Dictionary<string, string> Parse(string text)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n').Select(line => line.Trim()))
        {
            if (line.Length == 0 || line[0] is '#' or '!')
            {
                continue;
            }

            var end = line.IndexOfAny(['=', ':', ' ', '\t']);
            var key = end < 0 ? line : line[..end];
            var value = end < 0 ? "" : line[end..].TrimStart();
            if (value.Length > 0 && value[0] is '=' or ':')
            {
                value = value[1..].TrimStart();
            }

            properties[key] = value;
        }

        return properties;
    }

    public static Dictionary<string, string> Load(string path) => Parse(File.ReadAllText(path));
}
