namespace Sitrep.Ingest.Tests;

public class OrderedParallelTests
{
    [Fact]
    public void Results_come_in_input_order()
    {
        var results = OrderedParallel.Run(Enumerable.Range(0, 2000), i =>
        {
            // Uneven work so that later items often finish first.
            if (i % 7 == 0) Thread.SpinWait(20_000);
            return i * 2;
        }, threads: 4, window: 16).ToList();
        Assert.Equal(Enumerable.Range(0, 2000).Select(i => i * 2), results);
    }

    [Fact]
    public void The_reader_never_runs_more_than_a_window_ahead_of_the_consumer()
    {
        int produced = 0, consumed = 0, worstLead = 0;
        IEnumerable<int> Source()
        {
            for (int i = 0; i < 500; i++)
            {
                Interlocked.Increment(ref produced);
                yield return i;
            }
        }
        foreach (var _ in OrderedParallel.Run(Source(), i => i, threads: 2, window: 8))
        {
            consumed++;
            worstLead = Math.Max(worstLead, Volatile.Read(ref produced) - consumed);
            Thread.Sleep(0);
        }
        Assert.Equal(500, consumed);
        // At most the window in flight, plus one item read and waiting for a slot.
        Assert.InRange(worstLead, 0, 8 + 1);
    }

    [Fact]
    public void A_byte_budget_holds_back_heavy_items()
    {
        int inFlight = 0, worst = 0;
        IEnumerable<int> Source()
        {
            for (int i = 0; i < 200; i++)
            {
                Interlocked.Increment(ref inFlight);
                yield return i;
            }
        }
        foreach (var _ in OrderedParallel.Run(Source(), i => i, threads: 2, window: 64, weight: _ => 100, byteBudget: 300))
        {
            worst = Math.Max(worst, Volatile.Read(ref inFlight));
            Interlocked.Decrement(ref inFlight);
        }
        // 3 items of 100 fit the budget, the one being consumed has left it, and one more may be read and waiting for room.
        Assert.InRange(worst, 1, 5);
    }

    [Fact]
    public void A_failing_source_surfaces_its_exception()
    {
        IEnumerable<int> Source()
        {
            yield return 1;
            throw new InvalidDataException("broken input");
        }
        var ex = Assert.Throws<AggregateException>(() => OrderedParallel.Run(Source(), i => i, threads: 2, window: 4).ToList());
        Assert.IsType<InvalidDataException>(ex.InnerException);
    }
}
