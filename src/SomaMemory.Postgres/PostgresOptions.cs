using System.ComponentModel.DataAnnotations;

namespace SomaMemory.Postgres;

/// <summary>How SomaMemory reaches Postgres. Bound from <c>Soma:Postgres</c>; <c>SOMA_POSTGRES</c> sets the connection string.</summary>
public sealed class PostgresOptions
{
    public const string SectionName = "Soma:Postgres";

    /// <summary>An Npgsql connection string. Required: Postgres is the system of record.</summary>
    [Required(ErrorMessage = "Soma:Postgres:ConnectionString (or SOMA_POSTGRES) must be set: Postgres is the system of record.")]
    public string ConnectionString { get; set; } = "";

    /// <summary>Apply pending schema migrations when the process starts.</summary>
    public bool MigrateOnStart { get; set; } = true;
}
