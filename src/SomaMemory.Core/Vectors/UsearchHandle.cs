using Microsoft.Win32.SafeHandles;

namespace SomaMemory.Vectors;

/// <summary>Owns one native index; the runtime's handle ref-counting keeps it alive during calls that use it.</summary>
internal sealed class UsearchHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public UsearchHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        UsearchNative.Free(handle, out _);
        return true;
    }
}
