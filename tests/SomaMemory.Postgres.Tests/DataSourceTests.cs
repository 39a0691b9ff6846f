using Npgsql;
using SomaMemory.Postgres;

namespace SomaMemory.Postgres.Tests;

public sealed class DataSourceTests
{
    private static NpgsqlConnectionStringBuilder Settings(NpgsqlDataSource dataSource) => new(dataSource.ConnectionString);

    [Fact]
    public async Task Auto_prepare_takes_the_grid_default_when_the_connection_string_is_silent()
    {
        await using var dataSource = PostgresServiceCollectionExtensions.CreateDataSource("Host=127.0.0.1;Username=postgres;Database=postgres");

        Assert.Equal(PostgresServiceCollectionExtensions.DefaultMaxAutoPrepare, Settings(dataSource).MaxAutoPrepare);
        Assert.Equal(0, PostgresServiceCollectionExtensions.DefaultMaxAutoPrepare);
        Assert.Equal(2, Settings(dataSource).AutoPrepareMinUsages);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Max Auto Prepare=0", 0, 2)]
    [InlineData("Host=127.0.0.1;maxautoprepare=8;Auto Prepare Min Usages=5", 8, 5)]
    public async Task A_connection_string_that_sets_auto_prepare_keeps_its_values(string connectionString, int maxAutoPrepare, int minUsages)
    {
        await using var dataSource = PostgresServiceCollectionExtensions.CreateDataSource(connectionString);

        Assert.Equal(maxAutoPrepare, Settings(dataSource).MaxAutoPrepare);
        Assert.Equal(minUsages, Settings(dataSource).AutoPrepareMinUsages);
    }
}
