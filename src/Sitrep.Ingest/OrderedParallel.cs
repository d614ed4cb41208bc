namespace Sitrep.Ingest;

/// <summary>
/// Runs a function over a stream on several threads and yields the results in input order, with
/// bounded memory: at most <c>window</c> items, and at most <c>byteBudget</c> of their weight, are
/// in flight (read, being processed, or waiting for an earlier one) at any time. A slow consumer
/// therefore stops the reader (back-pressure) instead of letting results pile up.
/// </summary>
public static class OrderedParallel
{
    public static IEnumerable<TOut> Run<TIn, TOut>(IEnumerable<TIn> source, Func<TIn, TOut> work, int threads, int window,
        Func<TIn, long>? weight = null, long byteBudget = long.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(work);
        threads = Math.Max(1, threads);
        window = Math.Max(threads, window);
        return RunCore(source, work, threads, window, weight ?? (_ => 0), byteBudget);
    }

    private static IEnumerable<TOut> RunCore<TIn, TOut>(IEnumerable<TIn> source, Func<TIn, TOut> work, int threads, int window,
        Func<TIn, long> weight, long byteBudget)
    {
        var state = new State<TIn, TOut>(window);
        var reader = new Thread(() => state.Produce(source, weight, byteBudget)) { IsBackground = true, Name = "sitrep-reader" };
        var workers = Enumerable.Range(0, threads)
            .Select(i => new Thread(() => state.Work(work)) { IsBackground = true, Name = $"sitrep-worker-{i}" })
            .ToList();
        reader.Start();
        workers.ForEach(w => w.Start());
        try
        {
            while (state.TryTakeNext(out var result)) yield return result;
        }
        finally
        {
            state.Stop();
            // The reader may be blocked in its source (standard input, a fetch): it is a background thread and is not waited for.
            workers.ForEach(w => w.Join());
        }
        state.ThrowIfFailed();
    }

    private sealed class State<TIn, TOut>(int window)
    {
        private readonly object _gate = new();
        private readonly Queue<(long Seq, TIn Item)> _todo = new();
        private readonly (bool Done, TOut Value, long Weight)[] _results = new (bool, TOut, long)[window];
        private long _produced, _next;
        private long _bytesInFlight;
        private bool _sourceDone, _stopped;
        private Exception? _failure;

        public void Produce(IEnumerable<TIn> source, Func<TIn, long> weight, long byteBudget)
        {
            try
            {
                foreach (var item in source)
                {
                    long w = weight(item);
                    lock (_gate)
                    {
                        // Wait for a free slot and room in the byte budget (an item alone may exceed it).
                        while (!_stopped && (_produced - _next >= window || _bytesInFlight > 0 && _bytesInFlight + w > byteBudget))
                            Monitor.Wait(_gate);
                        if (_stopped) return;
                        _bytesInFlight += w;
                        _results[_produced % window].Weight = w;
                        _todo.Enqueue((_produced++, item));
                        Monitor.PulseAll(_gate);
                    }
                }
            }
            catch (Exception ex)
            {
                lock (_gate) _failure ??= ex;
            }
            finally
            {
                lock (_gate)
                {
                    _sourceDone = true;
                    Monitor.PulseAll(_gate);
                }
            }
        }

        public void Work(Func<TIn, TOut> work)
        {
            while (true)
            {
                (long Seq, TIn Item) job;
                lock (_gate)
                {
                    while (_todo.Count == 0 && !_sourceDone && !_stopped && _failure is null) Monitor.Wait(_gate);
                    if (_stopped || _failure is not null || _todo.Count == 0) return;
                    job = _todo.Dequeue();
                }
                TOut result;
                try
                {
                    result = work(job.Item);
                }
                catch (Exception ex)
                {
                    lock (_gate)
                    {
                        _failure ??= ex;
                        Monitor.PulseAll(_gate);
                    }
                    return;
                }
                lock (_gate)
                {
                    ref var slot = ref _results[job.Seq % window];
                    slot.Value = result;
                    slot.Done = true;
                    Monitor.PulseAll(_gate);
                }
            }
        }

        public bool TryTakeNext(out TOut result)
        {
            lock (_gate)
            {
                while (true)
                {
                    if (_failure is not null) break;
                    ref var slot = ref _results[_next % window];
                    if (_next < _produced && slot.Done)
                    {
                        result = slot.Value;
                        _bytesInFlight -= slot.Weight;
                        slot = default;
                        _next++;
                        Monitor.PulseAll(_gate);
                        return true;
                    }
                    if (_sourceDone && _next >= _produced) break;
                    Monitor.Wait(_gate);
                }
            }
            result = default!;
            return false;
        }

        public void Stop()
        {
            lock (_gate)
            {
                _stopped = true;
                Monitor.PulseAll(_gate);
            }
        }

        public void ThrowIfFailed()
        {
            if (_failure is not null) throw new AggregateException("Processing failed.", _failure);
        }
    }
}
