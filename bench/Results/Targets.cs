using System.Globalization;

namespace PointsDemo.Bench.Results;

/// <summary>The targets, checked against a run's figures.</summary>
internal static class Targets
{
    public const double MinRegistrationsPerSecond = 1000;
    public const double MinRatioToCeiling = 0.6;
    public const double MaxPostP99AtHalfRateMs = 20;
    public const double MaxPointsP99Ms = 250;

    public static IReadOnlyList<TargetCheck> Check(PhaseResult? max, PhaseResult? half, double? ratio) =>
    [
        new("≥ 1,000 registrations/s end-to-end",
            max is null ? "not measured" : $"{Format(max.AcceptedPerSecond)}/s",
            max is null ? null : max.AcceptedPerSecond >= MinRegistrationsPerSecond),
        new("≥ 0.6 × the database ceiling",
            ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "not measured",
            ratio is null ? null : ratio >= MinRatioToCeiling),
        new("POST p99 ≤ 20 ms at half the max rate",
            half is null ? "not measured" : $"{Ms(half.Post.P99)} at {Format(half.AcceptedPerSecond)}/s",
            half is null ? null : half.Post.Count > 0 && half.Post.P99 <= MaxPostP99AtHalfRateMs),
        new("registration → points p99 ≤ 250 ms (at half rate)",
            half is null ? "not measured" : Ms(half.PointsVisible.P99) + (half.PointsMissing > 0 ? $", {half.PointsMissing} never visible" : ""),
            half is null ? null : half.PointsVisible.Count > 0 && half.PointsMissing == 0 && half.PointsVisible.P99 <= MaxPointsP99Ms),
    ];

    public static string Format(double perSecond) => perSecond.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Ms(double milliseconds) => milliseconds.ToString(milliseconds < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " ms";
}
