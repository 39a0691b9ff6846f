using Orleans.Storage;

namespace SomaMemory.Postgres.Tests.Support;

/// <summary>A hasher that maps every grain and every state name to the same value, so every record collides.</summary>
internal sealed class ConstantHashPicker : IStorageHasherPicker
{
    public const int Hash = 424242;

    public ICollection<IHasher> HashProviders { get; } = [new ConstantHasher()];

    public IHasher PickHasher<T>(
        string serviceId,
        string storageProviderInstanceName,
        string grainType,
        GrainId grainId,
        IGrainState<T> grainState,
        string? tag = null) => HashProviders.First();

    private sealed class ConstantHasher : IHasher
    {
        public string Description => "constant";

        public int Hash(byte[] data) => ConstantHashPicker.Hash;
    }
}
