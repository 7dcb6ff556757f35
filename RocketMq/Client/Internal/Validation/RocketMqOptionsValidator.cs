using Microsoft.Extensions.Options;
using PointsDemo.RocketMq.Internal.Transport;

namespace PointsDemo.RocketMq.Internal.Validation;

/// <summary>
/// Checks <see cref="RocketMqOptions"/>. A client built directly names each setting as the
/// property it set (<c>RocketMqOptions.Endpoints</c>); the client integration passes
/// <paramref name="describe"/> to name the configuration key the value came from instead, and
/// <paramref name="endpointsRequired"/> to say which keys could give a missing endpoint.
/// </summary>
internal sealed class RocketMqOptionsValidator(Func<string, string>? describe = null, string? endpointsRequired = null) : IValidateOptions<RocketMqOptions>
{
    private readonly Func<string, string> _name = describe ?? (property => $"{nameof(RocketMqOptions)}.{property}");

    public ValidateOptionsResult Validate(string? name, RocketMqOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Endpoints))
        {
            failures.Add(endpointsRequired ?? $"{_name(nameof(options.Endpoints))} is required ({AccessPoint.Format})");
        }
        else if (!AccessPoint.TryParse(options.Endpoints, out _, out var error))
        {
            failures.Add($"{_name(nameof(options.Endpoints))} '{options.Endpoints}' is not valid: {error}");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{_name(nameof(options.RequestTimeout))} must be positive (e.g. 00:00:03)");
        }

        var accessKey = _name(nameof(options.AccessKey));
        var secretKey = _name(nameof(options.SecretKey));
        var hasAccessKey = !string.IsNullOrEmpty(options.AccessKey);
        var hasSecretKey = !string.IsNullOrEmpty(options.SecretKey);
        if (hasAccessKey && !hasSecretKey)
        {
            failures.Add($"{secretKey} is required when {accessKey} is set");
        }
        else if (hasSecretKey && !hasAccessKey)
        {
            failures.Add($"{accessKey} is required when {secretKey} is set");
        }

        if (!string.IsNullOrEmpty(options.SessionToken) && !(hasAccessKey && hasSecretKey))
        {
            failures.Add($"{_name(nameof(options.SessionToken))} needs {accessKey} and {secretKey}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
