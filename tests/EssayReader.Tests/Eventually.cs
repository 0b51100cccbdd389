namespace EssayReader.Tests;

/// <summary>
/// Waits on a condition that becomes true asynchronously (a file watcher firing, say) by asking
/// again until it holds or the time is up: never a fixed sleep standing in for synchronisation.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Asks <paramref name="condition"/> until it is true; false if it never was within <paramref name="timeout"/>.</summary>
    public static async Task<bool> TrueAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(Interval);
        }
    }

    public static Task<bool> TrueAsync(Func<bool> condition, TimeSpan? timeout = null) =>
        TrueAsync(() => Task.FromResult(condition()), timeout);
}
