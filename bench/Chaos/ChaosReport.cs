using System.Text;

namespace PointsDemo.Bench.Chaos;

/// <summary>What a kill -9 run did and found.</summary>
internal sealed record ChaosReport(
    int Seed,
    double ChaosSeconds,
    double SettleSeconds,
    long Accepted,
    IReadOnlyDictionary<string, int> Failed,
    IReadOnlyDictionary<string, int> Kills,
    IReadOnlyDictionary<string, int> Restarts,
    IReadOnlyDictionary<string, int> Ended,
    IReadOnlyDictionary<string, int> CheckBacks,
    Invariant Invariant)
{
    public string Render()
    {
        static string List(IReadOnlyDictionary<string, int> counts) =>
            counts.Count == 0 ? "none" : string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"));

        var text = new StringBuilder();
        text.AppendLine("| Measure | Result |");
        text.AppendLine("|---|---|");
        text.AppendLine($"| Seed | {Seed} |");
        text.AppendLine($"| Chaos, then settling | {ChaosSeconds:0.0} s, then {SettleSeconds:0.0} s |");
        text.AppendLine($"| Registrations answered 201 / failed | {Accepted:N0} / {Failed.Values.Sum():N0} ({List(Failed)}) |");
        text.AppendLine($"| Users stored (201s and failed requests that did register) | {Invariant.StoredUsers:N0} |");
        text.AppendLine($"| SIGKILLs | {Kills.Values.Sum()}: {List(Kills)} |");
        text.AppendLine($"| Restarts with the dashboard's Restart command | {Restarts.Values.Sum()}: {List(Restarts)} |");
        text.AppendLine($"| Processes that ended, killed or on their own | {Ended.Values.Sum()}: {List(Ended)} |");
        text.AppendLine($"| Check-backs answered | {List(CheckBacks)} |");
        text.AppendLine($"| Redeliveries | {Invariant.Redeliveries:N0} |");
        text.AppendLine($"| Lost / doubled / grants without a user | {Invariant.Lost} / {Invariant.Doubled} / {Invariant.GrantsWithoutUser} |");
        text.AppendLine($"| Half messages unresolved / dead letters / pending | {Invariant.HalfMessages} / {Invariant.DeadLetters} / {Invariant.Pending} |");
        text.Append($"The invariant {(Invariant.Holds ? "holds" : "DOES NOT hold")}.");
        return text.ToString();
    }
}
