using System.ComponentModel.DataAnnotations;

namespace SomaMemory.Hosting;

/// <summary>
/// Which cluster silos and clients belong to. Bound from <c>Soma:Cluster</c> on both sides, so a separate gateway
/// finds the silos simply by sharing the configuration.
/// </summary>
public sealed class SomaClusterOptions
{
    public const string SectionName = "Soma:Cluster";

    /// <summary>Membership is kept per cluster id: silos and clients with the same id form one cluster.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,64}$", ErrorMessage = "Soma:Cluster:ClusterId may hold 1 to 64 letters, digits, '_', '.' or '-'.")]
    public string ClusterId { get; set; } = "soma-memory";

    /// <summary>Grain state and reminders are keyed by service id; keep it stable across deployments.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,64}$", ErrorMessage = "Soma:Cluster:ServiceId may hold 1 to 64 letters, digits, '_', '.' or '-'.")]
    public string ServiceId { get; set; } = "soma-memory";

    /// <summary>The ADO.NET invariant that makes the Orleans providers use Npgsql instead of SQL Server.</summary>
    public const string NpgsqlInvariant = "Npgsql";
}
