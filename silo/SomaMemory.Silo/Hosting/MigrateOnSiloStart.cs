using Microsoft.Extensions.Options;
using SomaMemory.Postgres;

namespace SomaMemory.Silo.Hosting;

/// <summary>
/// Applies the schema before any Orleans provider starts: the ADO.NET providers read their SQL from the
/// <c>orleansquery</c> table once, during their own initialisation, so it must already be there.
/// </summary>
internal sealed class MigrateOnSiloStart(SchemaMigrator migrator, IOptions<PostgresOptions> options) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(MigrateOnSiloStart), ServiceLifecycleStage.First, MigrateAsync);

    private Task MigrateAsync(CancellationToken cancellationToken) =>
        options.Value.MigrateOnStart ? migrator.MigrateAsync(cancellationToken) : Task.CompletedTask;
}
