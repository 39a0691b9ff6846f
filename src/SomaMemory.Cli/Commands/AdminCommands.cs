using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using SomaMemory.Cli.Output;
using SomaMemory.Client;
using SomaMemory.Postgres;

namespace SomaMemory.Cli.Commands;

/// <summary>stats, health, keys (admin) and db migrate.</summary>
internal static class AdminCommands
{
    public const string PostgresVariable = "SOMA_POSTGRES";

    public static void AddTo(RootCommand root, CommandRunner runner)
    {
        root.Subcommands.Add(Stats(runner));
        root.Subcommands.Add(Health(runner));
        root.Subcommands.Add(Keys(runner));
        root.Subcommands.Add(Database(runner));
    }

    private static Command Stats(CommandRunner runner)
    {
        var command = new Command("stats", "Count the namespace's memories.");
        runner.SetAction(command, async (context, cancellationToken) =>
        {
            var stats = await context.Client.StatsAsync(cancellationToken);
            context.Printer.Result(stats, output => output.WriteLine($"namespace {stats.Namespace}: {stats.TotalMemories} memories ({stats.Episodic} episodic, {stats.Semantic} semantic)"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Health(CommandRunner runner)
    {
        var command = new Command("health", "Show the health of the gateway and its dependencies (exit 4 when not healthy).");
        runner.SetAction(command, async (context, cancellationToken) =>
        {
            var health = await context.Client.HealthAsync(cancellationToken);
            context.Printer.Result(health.Raw, output =>
            {
                output.WriteLine($"status: {health.Status} (version {health.Version})");
                foreach (var service in health.Services)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {(service.Healthy ? "ok  " : "FAIL")}  {service.Name,-16} {service.LatencyMs,8:F1} ms  {service.Details}"));
                }
            });
            return health.Healthy ? ExitCodes.Ok : ExitCodes.Server;
        });
        return command;
    }

    private static Command Keys(CommandRunner runner)
    {
        var keys = new Command("keys", "Manage API keys (admin).");

        var name = new Option<string>("--name") { Description = "What the key is for.", Required = true };
        var roles = new Option<string[]>("--role") { Description = "A role of the key (repeat for several), such as admin, write, read.", AllowMultipleArgumentsPerToken = false };
        var namespaces = new Option<string[]>("--allow") { Description = "A namespace the key may touch (repeat for several)." };
        var defaultNamespace = new Option<string?>("--default-namespace") { Description = "The namespace used when a request names none." };
        var expires = new Option<DateTimeOffset?>("--expires-at") { Description = "When the key stops working (ISO-8601)." };
        var create = new Command("create", "Create an API key; its secret is shown once.") { name, roles, namespaces, defaultNamespace, expires };
        runner.SetAction(create, async (context, cancellationToken) =>
        {
            var created = await context.Client.CreateApiKeyAsync(new NewApiKey
            {
                Name = context.Value(name)!,
                Roles = context.Value(roles) ?? [],
                Namespaces = context.Value(namespaces) ?? [],
                DefaultNamespace = context.Value(defaultNamespace),
                ExpiresAt = context.Value(expires),
            }, cancellationToken);
            context.Printer.Result(created.Raw, output =>
            {
                output.WriteLine($"created key {created.Id}");
                output.WriteLine(created.Key);
                output.WriteLine("Keep the key now: it is not shown again.");
            });
            return ExitCodes.Ok;
        });

        var list = new Command("list", "List the API keys (never their secrets).");
        runner.SetAction(list, async (context, cancellationToken) =>
        {
            var all = await context.Client.ListApiKeysAsync(cancellationToken);
            context.Printer.Result(all, output =>
            {
                if (all.Count == 0)
                {
                    output.WriteLine("no API keys.");
                }

                foreach (var key in all)
                {
                    output.WriteLine(Printer.Compact(key, 160));
                }
            });
            return ExitCodes.Ok;
        });

        var id = new Argument<string>("id") { Description = "The key's id." };
        var revoke = new Command("revoke", "Revoke an API key.") { id };
        runner.SetAction(revoke, async (context, cancellationToken) =>
        {
            var keyId = context.Value(id)!;
            await context.Client.RevokeApiKeyAsync(keyId, cancellationToken);
            context.Printer.Result(new { id = keyId, revoked = true }, output => output.WriteLine($"revoked {keyId}"));
            return ExitCodes.Ok;
        });

        keys.Subcommands.Add(create);
        keys.Subcommands.Add(list);
        keys.Subcommands.Add(revoke);
        return keys;
    }

    private static Command Database(CommandRunner runner)
    {
        var postgres = new Option<string?>("--postgres") { Description = $"The Npgsql connection string (env {PostgresVariable})." };
        var migrate = new Command("migrate", "Apply the pending schema migrations to Postgres (what silos do at start).") { postgres };
        runner.SetAction(migrate, async (context, cancellationToken) =>
        {
            var connectionString = context.Value(postgres) is { Length: > 0 } given ? given : context.Environment.Variable(PostgresVariable);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new UsageException($"Give --postgres or set {PostgresVariable}.");
            }

            IReadOnlyList<string> applied;
            try
            {
                await using var dataSource = NpgsqlDataSource.Create(connectionString);
                var migrator = new SchemaMigrator(dataSource, Options.Create(new PostgresOptions { ConnectionString = connectionString }), NullLogger<SchemaMigrator>.Instance);
                applied = await migrator.PendingAsync(cancellationToken);
                await migrator.MigrateAsync(cancellationToken);
            }
            catch (ArgumentException badConnectionString)
            {
                throw new UsageException("The connection string is not valid: " + badConnectionString.Message, badConnectionString);
            }
            catch (Exception failed) when (failed is NpgsqlException or InvalidOperationException)
            {
                context.Printer.Problem("migration failed: " + failed.Message);
                return ExitCodes.Server;
            }

            context.Printer.Result(new { applied }, output =>
            {
                output.WriteLine(applied.Count == 0 ? "the schema is already at head." : $"applied {applied.Count} migration(s):");
                foreach (var script in applied)
                {
                    output.WriteLine("  " + script);
                }
            });
            return ExitCodes.Ok;
        });

        var database = new Command("db", "Database administration.");
        database.Subcommands.Add(migrate);
        return database;
    }
}
