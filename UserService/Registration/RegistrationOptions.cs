using System.ComponentModel.DataAnnotations;

namespace PointsDemo.UserService.Registration;

/// <summary>What a registration grants and how long the broker waits before asking about it; the <c>Registration</c> section.</summary>
internal sealed class RegistrationOptions
{
    public const string SectionName = "Registration";

    /// <summary>The points PointsService grants for a registration (<c>Registration:PointsOnRegistration</c>).</summary>
    [Range(1, 1_000_000, ErrorMessage = "Registration:PointsOnRegistration must be between 1 and 1000000.")]
    public int PointsOnRegistration { get; set; } = 100;

    /// <summary>
    /// How long the broker waits for the commit before its first check-back
    /// (<c>Registration:CheckBackAfter</c>); unset, the broker's transaction timeout applies.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Registration:CheckBackAfter must be between 00:00:01 and 01:00:00.")]
    public TimeSpan? CheckBackAfter { get; set; }
}
