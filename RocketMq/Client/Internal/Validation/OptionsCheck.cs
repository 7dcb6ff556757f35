using Microsoft.Extensions.Options;

namespace PointsDemo.RocketMq.Internal.Validation;

/// <summary>Runs a validator outside DI, for clients constructed directly.</summary>
internal static class OptionsCheck
{
    public static T ThrowIfInvalid<T>(T options, IValidateOptions<T> validator)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = validator.Validate(Options.DefaultName, options);
        return result.Failed ? throw new OptionsValidationException(Options.DefaultName, typeof(T), result.Failures) : options;
    }
}
