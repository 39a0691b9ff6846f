using System.Text.RegularExpressions;
using SomaMemory.Postgres.Tests.Support;
using SomaMemory.Testing;

namespace SomaMemory.Postgres.Tests;

/// <summary>The Orleans migration as DbUp applies it: every key present, texts and function bodies intact.</summary>
public sealed partial class MigrationTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private const string ScriptResource = "SomaMemory.Postgres.Migrations.0001_orleans.sql";

    public static readonly string[] PersistenceKeys =
        ["ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey"];

    public static readonly string[] ClusteringKeys =
    [
        "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey", "InsertMembershipKey",
        "UpdateMembershipKey", "UpdateIAmAlivetimeKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
    ];

    public static readonly string[] ReminderKeys =
    [
        "UpsertReminderRowKey", "ReadReminderRowKey", "ReadReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    private readonly string _connectionString = database.ConnectionString;

    [Fact]
    public async Task Catalog_holds_every_persistence_clustering_and_reminder_key()
    {
        // The statement the providers run, written as they write it: unquoted mixed case.
        var rows = await Sql.RowsAsync(_connectionString, "SELECT QueryKey, QueryText FROM OrleansQuery");

        var keys = rows.Select(row => (string)row[0]!).ToHashSet(StringComparer.Ordinal);
        Assert.All(PersistenceKeys.Concat(ClusteringKeys).Concat(ReminderKeys), key => Assert.Contains(key, keys));
        Assert.All(rows, row => Assert.False(string.IsNullOrWhiteSpace((string?)row[1])));
    }

    [Fact]
    public async Task Query_texts_arrive_exactly_as_written_in_the_script()
    {
        var script = ReadScript();
        var written = QueryRow().Matches(script).ToDictionary(match => match.Groups["key"].Value, match => match.Groups["text"].Value);
        Assert.Equal(PersistenceKeys.Length + ClusteringKeys.Length + ReminderKeys.Length, written.Count);

        var stored = (await Sql.RowsAsync(_connectionString, "SELECT querykey, querytext FROM orleansquery"))
            .ToDictionary(row => (string)row[0]!, row => (string)row[1]!);

        foreach (var (key, text) in written)
        {
            Assert.True(stored.TryGetValue(key, out var actual), key);
            Assert.Equal(text, actual);
        }
    }

    [Fact]
    public async Task Plpgsql_function_bodies_survive_dbup()
    {
        var script = ReadScript();
        var bodies = FunctionBody().Matches(script).ToDictionary(match => match.Groups["name"].Value, match => match.Groups["body"].Value);
        Assert.Equal(["orleans_membership_insert", "orleans_membership_update", "orleans_next_version"], bodies.Keys.Order(StringComparer.Ordinal));

        foreach (var (name, body) in bodies)
        {
            var stored = await Sql.ScalarAsync<string>(_connectionString, "SELECT prosrc FROM pg_proc WHERE proname = @name", ("name", name));
            Assert.Equal(body, stored);
        }

        Assert.Equal(1, await Sql.ScalarAsync<int>(_connectionString, "SELECT orleans_next_version(0)"));
        Assert.Equal(1, await Sql.ScalarAsync<int>(_connectionString, "SELECT orleans_next_version(2147483647)"));
    }

    [Fact]
    public async Task Catalog_insert_is_idempotent_and_replaces_texts()
    {
        var script = ReadScript();
        var insert = script[script.IndexOf("INSERT INTO orleansquery", StringComparison.Ordinal)..];

        var before = await Sql.ScalarAsync<long>(_connectionString, "SELECT count(*) FROM orleansquery");
        await Sql.ExecuteAsync(_connectionString, "UPDATE orleansquery SET querytext = 'stale' WHERE querykey = 'GatewaysQueryKey'");
        await Sql.ExecuteAsync(_connectionString, insert);
        await Sql.ExecuteAsync(_connectionString, insert);

        Assert.Equal(before, await Sql.ScalarAsync<long>(_connectionString, "SELECT count(*) FROM orleansquery"));
        var gateways = await Sql.ScalarAsync<string>(_connectionString, "SELECT querytext FROM orleansquery WHERE querykey = 'GatewaysQueryKey'");
        Assert.Contains("proxyport > 0", gateways, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migration_is_journaled_once_and_a_second_run_applies_nothing()
    {
        await TestPostgres.MigrateAsync(_connectionString);

        var applied = await Sql.RowsAsync(_connectionString, "SELECT scriptname FROM public.schema_versions WHERE scriptname = @name", ("name", ScriptResource));
        Assert.Single(applied);
    }

    [Fact]
    public async Task Every_provider_bound_time_column_is_timestamptz()
    {
        var rows = await Sql.RowsAsync(
            _connectionString,
            """
            SELECT table_name || '.' || column_name, data_type
            FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name LIKE 'orleans%' AND data_type LIKE 'timestamp%'
            """);

        Assert.NotEmpty(rows);
        Assert.All(rows, row => Assert.Equal("timestamp with time zone", row[1]));
    }

    private static string ReadScript()
    {
        using var stream = typeof(SchemaMigrator).Assembly.GetManifestResourceStream(ScriptResource)
            ?? throw new InvalidOperationException($"{ScriptResource} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"\('(?<key>\w+)', \$q\$(?<text>.*?)\$q\$\)", RegexOptions.Singleline)]
    private static partial Regex QueryRow();

    [GeneratedRegex(@"CREATE FUNCTION (?<name>\w+)\(.*?\$body\$(?<body>.*?)\$body\$", RegexOptions.Singleline)]
    private static partial Regex FunctionBody();
}
