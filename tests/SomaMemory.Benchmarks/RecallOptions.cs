namespace SomaMemory.Benchmarks;

/// <summary>What only the <c>recall</c> scenario asks for; its query count is <see cref="BenchmarkOptions.Requests"/>.</summary>
/// <param name="Memories">Memories stored with client vectors; also names the report section, so sizes sit side by side.</param>
/// <param name="Batch">Items per <c>POST /memories/bulk</c>.</param>
/// <param name="OnnxMemories">Memories stored without vectors, embedded by the gateway; 0 skips that phase.</param>
/// <param name="GatewayProcessId">The gateway's process on this machine, for its resident memory; null skips that row.</param>
/// <param name="Base64Vectors">Vectors go as base64 strings of float32 values rather than arrays of numbers.</param>
/// <param name="SettleSeconds">A pause between the catch-up and the searches, for Postgres' maintenance after the ingest.</param>
internal sealed record RecallOptions(
    int Memories,
    int Dimension,
    int Batch,
    int OnnxMemories,
    int Seed,
    int? GatewayProcessId,
    bool Base64Vectors = false,
    int SettleSeconds = 0);
