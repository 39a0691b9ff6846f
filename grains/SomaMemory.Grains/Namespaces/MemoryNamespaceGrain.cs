using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SomaMemory.Contracts;
using SomaMemory.Lifecycle;
using SomaMemory.Memories;

namespace SomaMemory.Grains.Namespaces;

/// <summary>
/// A namespace's policy (persisted with Orleans ADO.NET storage), its counters (counted in Postgres) and its sweep,
/// run by an Orleans reminder so that it survives restarts and moves with the grain.
/// </summary>
public sealed class MemoryNamespaceGrain(
    [PersistentState("namespace", SomaStorage.GrainStateProvider)] IPersistentState<NamespaceState> state,
    IMemoryRepository repository,
    IMemoryLifecycleRepository lifecycle,
    IOptions<LifecycleOptions> options,
    TimeProvider clock,
    ILogger<MemoryNamespaceGrain> logger) : Grain, IMemoryNamespaceGrain, IRemindable
{
    public const string SweepReminderName = "sweep";

    private SweepReport? _lastSweep;
    private IGrainTimer? _reminderTimer;

    private string Namespace => GrainKeys.NamespaceOf(this.GetPrimaryKeyString());

    private NamespacePolicy Policy => state.State.Policy ?? NamespacePolicy.Default;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (options.Value.SweepReminder)
        {
            // Registered from a one-shot timer, not here: every memory grain's activation waits for this grain's, and
            // the reminder's round trips to Postgres must not be added to a first store or read.
            _reminderTimer = this.RegisterGrainTimer(EnsureSweepReminderAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = false });
        }

        return Task.CompletedTask;
    }

    private async Task EnsureSweepReminderAsync(CancellationToken cancellationToken)
    {
        // The timer is one-shot (infinite period). Disposing it here would cancel this very callback's token.
        try
        {
            // Reading first keeps an activation from rewriting the reminder row (and restarting its period) every time.
            var reminder = await this.GetReminder(SweepReminderName, cancellationToken);
            if (reminder is null)
            {
                await this.RegisterOrUpdateReminder(SweepReminderName, options.Value.SweepInterval, options.Value.SweepInterval, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The policy and counters stay available; the next activation tries the reminder again.
            logger.LogWarning(exception, "Could not register the sweep reminder of namespace {Namespace}", Namespace);
        }
    }

    public Task<NamespacePolicy> GetPolicyAsync() => Task.FromResult(Policy);

    public async Task<NamespacePolicy> SetPolicyAsync(NamespacePolicy policy)
    {
        NamespacePolicyValidator.Validate(policy);
        state.State.Policy = policy;
        await state.WriteStateAsync();
        return policy;
    }

    public async Task<NamespaceStatistics> GetStatisticsAsync()
    {
        var statistics = await repository.CountAsync(Namespace, clock.GetUtcNow());
        return statistics with { Archived = await lifecycle.CountArchivedAsync(Namespace), LastSweep = _lastSweep };
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != SweepReminderName)
        {
            return;
        }

        var report = await SweepAsync();
        if (report.More)
        {
            logger.LogInformation("The sweep of namespace {Namespace} reached its batch limit; the next sweep continues", Namespace);
        }
    }

    public async Task<SweepReport> SweepAsync()
    {
        var sweep = new NamespaceSweep(Namespace, Policy, clock.GetUtcNow(), options.Value, lifecycle, repository, RetireOnNodesAsync);
        _lastSweep = await sweep.RunAsync();
        if (_lastSweep is { Expired: > 0 } or { Decayed: > 0 } or { Evicted: > 0 } or { Purged: > 0 })
        {
            logger.LogInformation(
                "Swept namespace {Namespace}: {Expired} expired, {Decayed} decayed, {Evicted} evicted, {Purged} purged",
                Namespace, _lastSweep.Expired, _lastSweep.Decayed, _lastSweep.Evicted, _lastSweep.Purged);
        }

        return _lastSweep;
    }

    /// <summary>
    /// Retires through the node grains, never by writing rows here: the node is the single writer of its row, drops
    /// its hot state, and publishes the index delete on the change stream as an ordinary delete does.
    /// </summary>
    private async Task<int> RetireOnNodesAsync(IReadOnlyList<SweepCandidate> candidates, RetireCommandTemplate template)
    {
        var retired = 0;
        foreach (var chunk in candidates.Chunk(options.Value.SweepParallelism))
        {
            var results = await Task.WhenAll(chunk.Select(candidate => RetireOneAsync(candidate, template)));
            retired += results.Count(result => result);
        }

        return retired;
    }

    private async Task<bool> RetireOneAsync(SweepCandidate candidate, RetireCommandTemplate template)
    {
        try
        {
            var node = GrainFactory.GetGrain<IMemoryNodeGrain>(GrainKeys.ForMemory(Namespace, candidate.CoordinateKey));
            return await node.RetireAsync(template.For(candidate.Version));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // One memory that cannot be retired now must not stop the sweep; the next sweep finds it again.
            logger.LogWarning(exception, "Could not retire a memory of namespace {Namespace}", Namespace);
            return false;
        }
    }
}
