using System.Diagnostics;

namespace PointsDemo.PointsService.Grants;

/// <summary>
/// The grant of one received batch. Each message is processed in its own <c>process</c> span, and
/// either joins the batch with its registration or leaves it (unreadable, or stopped at its
/// BeforeGrant seam); once every message has done one or the other, one statement grants those that
/// joined, and each learns from it whether its registration was granted or a duplicate.
/// </summary>
internal sealed class GrantBatch
{
    private readonly Lock _lock = new();
    private readonly List<(PendingGrant Grant, ActivityContext Process)> _joined = [];
    private readonly TaskCompletionSource _everyoneArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // For each message that joined, in the order they joined: whether the statement granted it.
    private readonly TaskCompletionSource<bool[]> _granted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _waitingFor;

    public GrantBatch(int messages)
    {
        _waitingFor = messages;
        if (messages == 0)
        {
            _everyoneArrived.SetResult();
        }
    }

    /// <summary>A message's place in the batch; disposing it without joining leaves the batch.</summary>
    public Place TakePlace() => new(this);

    /// <summary>
    /// Waits until every message has joined or left, then grants those that joined in one statement,
    /// inside a <c>grant</c> span linked to each message's <c>process</c> span.
    /// </summary>
    public async Task GrantAsync(Func<IReadOnlyList<PendingGrant>, CancellationToken, Task<IReadOnlySet<Guid>>> grant, CancellationToken cancellationToken)
    {
        try
        {
            await _everyoneArrived.Task.WaitAsync(cancellationToken);
            if (_joined.Count == 0)
            {
                return;
            }

            // OpenTelemetry's messaging conventions have the span that processes a batch link to each
            // message's context rather than pick one of them as its parent. Links are given when a span
            // starts, so the grant, which starts once every message's process span exists, links to
            // them. The Aspire dashboard lists them on the grant span, and each process span shows
            // it among its backlinks: from a registration's trace, one click leads to the statement
            // that granted it. The grant is the root of a trace of its own, whatever is current here.
            Activity.Current = null;
            using var span = PointsTelemetry.StartGrant([.. _joined.Select(j => j.Process)]);
            try
            {
                var granted = await grant([.. _joined.Select(j => j.Grant)], cancellationToken);
                // Two copies of one registration in a batch: the statement recorded the first one's
                // message, so that one is the grant and the second the duplicate.
                var newlyGranted = granted.ToHashSet();
                _granted.TrySetResult([.. _joined.Select(j => newlyGranted.Remove(j.Grant.Registration.RegistrationId))]);
            }
            catch (Exception exception)
            {
                span?.SetStatus(ActivityStatusCode.Error, exception.Message);
                span?.AddException(exception);
                throw;
            }
        }
        catch (OperationCanceledException exception) when (cancellationToken.IsCancellationRequested)
        {
            _granted.TrySetCanceled(exception.CancellationToken);
        }
#pragma warning disable CA1031 // Not lost: each message that joined gets it, and falls back on a grant of its own.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _granted.TrySetException(exception);
        }
    }

    /// <summary>Counts a message in; returns its position among those that joined (-1 when it left).</summary>
    private int Arrive(PendingGrant? grant, ActivityContext process)
    {
        lock (_lock)
        {
            var position = -1;
            if (grant is not null)
            {
                position = _joined.Count;
                _joined.Add((grant, process));
            }

            if (--_waitingFor == 0)
            {
                _everyoneArrived.SetResult();
            }

            return position;
        }
    }

    /// <summary>One message's place: it joins once, or leaves when disposed.</summary>
    public sealed class Place(GrantBatch batch) : IDisposable
    {
        private bool _taken;

        /// <summary>
        /// Joins the batch with the message's registration (and its <paramref name="process"/> span, to
        /// link to) and waits for the batch's statement: true when it granted the registration, false
        /// when it was a duplicate. Throws what the statement threw.
        /// </summary>
        public Task<bool> JoinAsync(PendingGrant grant, Activity? process)
        {
            ObjectDisposedException.ThrowIf(_taken, this);
            _taken = true;
            var position = batch.Arrive(grant, process?.Context ?? default);
            return WasGrantedAsync(position);
        }

        private async Task<bool> WasGrantedAsync(int position) => (await batch._granted.Task)[position];

        public void Dispose()
        {
            if (!_taken)
            {
                _taken = true;
                batch.Arrive(null, default);
            }
        }
    }
}
