using Orleans.Runtime;
using SomaMemory.Postgres.Tests.Support;

namespace SomaMemory.Postgres.Tests.Grains;

[Alias("SomaMemory.Postgres.Tests.IPingGrain")]
public interface IPingGrain : IGrainWithStringKey
{
    /// <summary>The address of the silo that hosts the activation.</summary>
    [Alias("Where")]
    Task<string> Where();
}

// Random placement: Orleans' default (resource-optimised) keeps new activations on the first silo until it has
// statistics from the second, which made "a call reaches both silos" depend on timing.
[Orleans.Placement.RandomPlacement]
public sealed class PingGrain(ILocalSiloDetails silo) : Grain, IPingGrain
{
    public Task<string> Where() => Task.FromResult(silo.SiloAddress.ToParsableString());
}

[Alias("SomaMemory.Postgres.Tests.ICounterGrain")]
public interface ICounterGrain : IGrainWithStringKey
{
    [Alias("Add")]
    Task<int> Add(int amount);

    /// <summary>The state as this activation sees it, and an id that is new for every activation.</summary>
    [Alias("Get")]
    Task<(int Value, string? ETag, bool RecordExists, Guid Activation)> Get();

    [Alias("Deactivate")]
    Task Deactivate();
}

[GenerateSerializer]
[Alias("SomaMemory.Postgres.Tests.CounterState")]
public sealed class CounterState
{
    [Id(0)]
    public int Value { get; set; }
}

/// <summary>A grain whose state lives in the ADO.NET storage: the runtime path of Read/WriteToStorageKey.</summary>
public sealed class CounterGrain(
    [PersistentState("counter", TestSilos.Store)] IPersistentState<CounterState> counter) : Grain, ICounterGrain
{
    public async Task<int> Add(int amount)
    {
        counter.State.Value += amount;
        await counter.WriteStateAsync();
        return counter.State.Value;
    }

    private readonly Guid _activation = Guid.NewGuid();

    public Task<(int Value, string? ETag, bool RecordExists, Guid Activation)> Get() =>
        Task.FromResult((counter.State.Value, (string?)counter.Etag, counter.RecordExists, _activation));

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

[Alias("SomaMemory.Postgres.Tests.IReminderProbeGrain")]
public interface IReminderProbeGrain : IGrainWithStringKey
{
    [Alias("Start")]
    Task Start(TimeSpan period);

    [Alias("Stop")]
    Task Stop();

    [Alias("Ticks")]
    Task<int> Ticks();
}

/// <summary>Counts the ticks of one reminder while it stays active.</summary>
public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    public const string ReminderName = "probe";
    private int _ticks;

    public Task Start(TimeSpan period) => this.RegisterOrUpdateReminder(ReminderName, period, period);

    public async Task Stop()
    {
        var reminder = await this.GetReminder(ReminderName);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task<int> Ticks() => Task.FromResult(_ticks);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == ReminderName)
        {
            _ticks++;
        }

        return Task.CompletedTask;
    }
}
