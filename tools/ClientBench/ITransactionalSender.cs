namespace PointsDemo.ClientBench;

/// <summary>One client's transactional send: begin, send the half message, commit.</summary>
internal interface ITransactionalSender : IAsyncDisposable
{
    Task SendAndCommitAsync(CancellationToken cancellationToken);
}

/// <summary>What every client sends: the same topic, tag, body, and a fresh key per message.</summary>
internal static class BenchMessage
{
    public const string Topic = "bench-transactions";
    public const string Tag = "Bench";

    /// <summary>A registration event's size and shape, as bench --client-only sends it.</summary>
    public static readonly byte[] Body = "{\"userId\":\"00000000-0000-0000-0000-000000000000\",\"points\":100}"u8.ToArray();

    public static string NewKey() => Guid.NewGuid().ToString("N");
}
