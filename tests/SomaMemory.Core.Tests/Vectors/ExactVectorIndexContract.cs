using SomaMemory.Vectors;

namespace SomaMemory.Core.Tests.Vectors;

public sealed class ExactVectorIndexContract : VectorIndexContract
{
    protected override IVectorIndex Create(int dimension) => new ExactVectorIndex(dimension);

    protected override IVectorIndex? Load(string path, int dimension) => ExactVectorIndex.Load(path, dimension);
}
