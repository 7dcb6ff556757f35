using Microsoft.Extensions.Options;
using PointsDemo.RocketMq.Internal.Configuration;
using PointsDemo.RocketMq.Internal.Transport;

namespace PointsDemo.RocketMq.Internal.Validation;

/// <summary>
/// Checks <see cref="RocketMqOptions"/> at start-up, naming each setting by its configuration key;
/// with <paramref name="connectionName"/>, a missing endpoint also names the connection string that could give it.
/// </summary>
internal sealed class RocketMqOptionsValidator(string? connectionName = null) : IValidateOptions<RocketMqOptions>
{
    private const string Section = RocketMqOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, RocketMqOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Endpoints))
        {
            failures.Add(connectionName is null
                ? $"{Section}:Endpoints is required ({AccessPoint.Format})"
                : $"ConnectionStrings:{connectionName} or {Section}:Endpoints is required ({AccessPoint.Format}, or {RocketMqConnectionString.Format})");
        }
        else if (!AccessPoint.TryParse(options.Endpoints, out _, out var error))
        {
            failures.Add($"{Section}:Endpoints '{options.Endpoints}' is not valid: {error}");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:RequestTimeout must be positive (e.g. 00:00:03)");
        }

        var hasAccessKey = !string.IsNullOrEmpty(options.AccessKey);
        var hasSecretKey = !string.IsNullOrEmpty(options.SecretKey);
        if (hasAccessKey && !hasSecretKey)
        {
            failures.Add($"{Section}:SecretKey is required when {Section}:AccessKey is set");
        }
        else if (hasSecretKey && !hasAccessKey)
        {
            failures.Add($"{Section}:AccessKey is required when {Section}:SecretKey is set");
        }

        if (!string.IsNullOrEmpty(options.SessionToken) && !(hasAccessKey && hasSecretKey))
        {
            failures.Add($"{Section}:SessionToken needs {Section}:AccessKey and {Section}:SecretKey");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
