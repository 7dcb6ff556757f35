using System.Reflection;
using System.Text.Json;
using PointsDemo.TestSupport;

namespace PointsDemo.RocketMq.Tests.Client;

/// <summary>
/// The package's <c>ConfigurationSchema.json</c>, which editors use to check an application's
/// appsettings, describes exactly the settings the integration binds, with their types and defaults.
/// </summary>
public sealed class ConfigurationSchemaTests
{
    private readonly JsonElement _client = ClientSection();

    [Fact]
    public void The_schema_names_every_setting_and_nothing_else()
    {
        var settings = typeof(RocketMqClientSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name);

        Assert.Equal(settings.Order(StringComparer.Ordinal), _client.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Switches_are_booleans_with_the_settings_defaults_and_the_rest_strings()
    {
        var defaults = new RocketMqClientSettings();
        foreach (var property in typeof(RocketMqClientSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var schema = _client.GetProperty("properties").GetProperty(property.Name);
            Assert.False(string.IsNullOrWhiteSpace(schema.GetProperty("description").GetString()), $"{property.Name} has no description");
            if (property.PropertyType == typeof(bool))
            {
                Assert.Equal("boolean", schema.GetProperty("type").GetString());
                Assert.Equal((bool)property.GetValue(defaults)!, schema.GetProperty("default").GetBoolean());
            }
            else
            {
                Assert.Equal("string", schema.GetProperty("type").GetString());
            }
        }
    }

    [Theory]
    [InlineData("00:00:05", true)]
    [InlineData("1.02:03:04.5", true)]
    [InlineData("5s", false)]
    public void The_request_timeout_pattern_accepts_what_the_binder_reads_as_a_time_span(string value, bool accepted)
    {
        var pattern = _client.GetProperty("properties").GetProperty(nameof(RocketMqClientSettings.RequestTimeout)).GetProperty("pattern").GetString()!;

        Assert.Equal(accepted, System.Text.RegularExpressions.Regex.IsMatch(value, pattern));
        Assert.Equal(accepted, TimeSpan.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _));
    }

    private static JsonElement ClientSection()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("RocketMq/Client/ConfigurationSchema.json")));
        return document.RootElement
            .GetProperty("properties").GetProperty("Aspire")
            .GetProperty("properties").GetProperty("RocketMq")
            .GetProperty("properties").GetProperty("Client")
            .Clone();
    }
}
