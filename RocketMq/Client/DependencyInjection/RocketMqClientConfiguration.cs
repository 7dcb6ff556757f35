using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using PointsDemo.RocketMq.Internal.Configuration;
using PointsDemo.RocketMq.Internal.Transport;
using PointsDemo.RocketMq.Internal.Validation;

namespace PointsDemo.RocketMq;

/// <summary>
/// One client's <see cref="RocketMqClientSettings"/>, read once when the client is registered, and
/// the <see cref="RocketMqOptions"/> they make (the named options <see cref="OptionsName"/>),
/// checked when the host starts. Failures name the configuration key a value came from, and
/// never repeat the connection string: it may hold a secret.
/// </summary>
internal sealed class RocketMqClientConfiguration : IConfigureNamedOptions<RocketMqOptions>, IValidateOptions<RocketMqOptions>
{
    /// <summary>The configuration section of the settings every connection shares; <c>{section}:{name}</c> holds one connection's.</summary>
    public const string SectionName = "Aspire:RocketMq:Client";

    private readonly string _connectionName;

    // Where the connection string came from, for the failures: a configuration key, or the application's code.
    private readonly string _source;

    private RocketMqClientConfiguration(string optionsName, string connectionName, RocketMqClientSettings settings, string source)
    {
        OptionsName = optionsName;
        _connectionName = connectionName;
        Settings = settings;
        _source = source;
    }

    public string OptionsName { get; }

    public RocketMqClientSettings Settings { get; }

    /// <summary>
    /// Reads the settings in Aspire's order: the shared section, the connection's own section, the
    /// connection string when present, then <paramref name="configure"/>.
    /// </summary>
    public static RocketMqClientConfiguration Read(
        IConfiguration configuration, string connectionName, string optionsName, Action<RocketMqClientSettings>? configure)
    {
        var shared = configuration.GetSection(SectionName);
        var own = shared.GetSection(connectionName);
        var settings = new RocketMqClientSettings();
        shared.Bind(settings);
        own.Bind(settings);
        var source = $"{(HasValue(own[nameof(settings.ConnectionString)]) ? own.Path : shared.Path)}:{nameof(settings.ConnectionString)}";

        // Present but blank is absent: the sections still apply, as they do without the key.
        if (configuration.GetConnectionString(connectionName) is { } connectionString && HasValue(connectionString))
        {
            settings.ConnectionString = connectionString;
            source = $"ConnectionStrings:{connectionName}";
        }

        var read = settings.ConnectionString;
        configure?.Invoke(settings);
        if (!string.Equals(read, settings.ConnectionString, StringComparison.Ordinal))
        {
            source = $"{nameof(RocketMqClientSettings)}.{nameof(settings.ConnectionString)}";
        }

        return new RocketMqClientConfiguration(optionsName, connectionName, settings, source);
    }

    public void Configure(RocketMqOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, RocketMqOptions options)
    {
        if (name != OptionsName)
        {
            return;
        }

        if (HasValue(Settings.ConnectionString) && RocketMqConnectionString.TryParse(Settings.ConnectionString!, out var parsed, out _))
        {
            parsed.ApplyTo(options);
        }

        options.RequestTimeout = Settings.RequestTimeout ?? options.RequestTimeout;
        options.AcceptAnyServerCertificate = Settings.AcceptAnyServerCertificate;
    }

    public ValidateOptionsResult Validate(string? name, RocketMqOptions options)
    {
        if (name != OptionsName)
        {
            return ValidateOptionsResult.Skip;
        }

        // A connection string that cannot be read was not applied: say so, rather than what is missing because of it.
        if (HasValue(Settings.ConnectionString) && !RocketMqConnectionString.TryParse(Settings.ConnectionString!, out _, out var error))
        {
            return ValidateOptionsResult.Fail($"{_source} {error}");
        }

        var validator = new RocketMqOptionsValidator(
            property => property is nameof(options.RequestTimeout) ? $"{SectionName}:{property}" : $"{property} in {_source}",
            $"ConnectionStrings:{_connectionName} or {SectionName}:{nameof(Settings.ConnectionString)} is required "
                + $"({AccessPoint.Format}, or {RocketMqConnectionString.Format})");
        return validator.Validate(name, options);
    }

    private static bool HasValue(string? value) => !string.IsNullOrWhiteSpace(value);
}
