using Microsoft.Extensions.Options;

namespace PointsDemo.RocketMq.Internal.Validation;

/// <summary>Checks <see cref="SimpleConsumerOptions"/> at start-up.</summary>
internal sealed class SimpleConsumerOptionsValidator : IValidateOptions<SimpleConsumerOptions>
{
    public ValidateOptionsResult Validate(string? name, SimpleConsumerOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConsumerGroup))
        {
            failures.Add("SimpleConsumer ConsumerGroup is required");
        }
        else if (!ResourceNames.IsValidGroup(options.ConsumerGroup))
        {
            failures.Add($"SimpleConsumer ConsumerGroup '{options.ConsumerGroup}' is not a valid group name ({ResourceNames.Rule}; at most {ResourceNames.MaxGroupLength} characters)");
        }

        if (options.Subscriptions.Count == 0)
        {
            failures.Add("SimpleConsumer Subscriptions needs at least one topic");
        }

        failures.AddRange(options.Subscriptions.Keys
            .Where(topic => !ResourceNames.IsValidTopic(topic))
            .Select(topic => $"SimpleConsumer subscription topic '{topic}' is not a valid topic name ({ResourceNames.Rule}; at most {ResourceNames.MaxTopicLength} characters)"));
        if (options.AwaitDuration <= TimeSpan.Zero)
        {
            failures.Add($"SimpleConsumer AwaitDuration must be positive (was {options.AwaitDuration})");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
