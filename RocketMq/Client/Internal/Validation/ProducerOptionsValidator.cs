using Microsoft.Extensions.Options;

namespace PointsDemo.RocketMq.Internal.Validation;

/// <summary>Checks <see cref="ProducerOptions"/> at start-up.</summary>
internal sealed class ProducerOptionsValidator : IValidateOptions<ProducerOptions>
{
    public ValidateOptionsResult Validate(string? name, ProducerOptions options)
    {
        var failures = new List<string>();
        if (options.MaxAttempts < 1)
        {
            failures.Add($"Producer MaxAttempts must be at least 1 (was {options.MaxAttempts})");
        }

        failures.AddRange(options.Topics
            .Where(topic => !ResourceNames.IsValidTopic(topic))
            .Select(topic => $"Producer topic '{topic}' is not a valid topic name ({ResourceNames.Rule}; at most {ResourceNames.MaxTopicLength} characters)"));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
