using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using PointsDemo.RocketMq.Internal.Configuration;
using PointsDemo.RocketMq.Internal.Validation;

namespace PointsDemo.RocketMq;

/// <summary>
/// The <see cref="RocketMqOptions"/> that <see cref="RocketMqClientExtensions.AddRocketMqClient"/>
/// gives the clients: the <c>RocketMq</c> section, then <c>ConnectionStrings:&lt;connectionName&gt;</c>
/// over it when present, then the application's delegate; and their check at start-up.
/// </summary>
internal sealed class RocketMqClientConfiguration(IConfiguration configuration, string connectionName, Action<RocketMqOptions>? configure)
    : IConfigureOptions<RocketMqOptions>, IValidateOptions<RocketMqOptions>
{
    private readonly RocketMqOptionsValidator _validator = new(connectionName);

    public void Configure(RocketMqOptions options)
    {
        configuration.GetSection(RocketMqOptions.SectionName).Bind(options);
        if (ConnectionString is { } value && RocketMqConnectionString.TryParse(value, out var parsed, out _))
        {
            parsed.ApplyTo(options);
        }

        configure?.Invoke(options);
    }

    public ValidateOptionsResult Validate(string? name, RocketMqOptions options)
    {
        // A connection string that cannot be read was not applied: say so, rather than what is missing because of it.
        if (ConnectionString is { } value && !RocketMqConnectionString.TryParse(value, out _, out var error))
        {
            return ValidateOptionsResult.Fail($"ConnectionStrings:{connectionName} {error}");
        }

        return _validator.Validate(name, options);
    }

    private string? ConnectionString =>
        configuration.GetConnectionString(connectionName) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;
}
