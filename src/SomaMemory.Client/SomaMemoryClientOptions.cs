using System.ComponentModel.DataAnnotations;

namespace SomaMemory.Client;

/// <summary>The Orleans facade's settings (<c>Soma:Client</c>).</summary>
public sealed class SomaMemoryClientOptions : IValidatableObject
{
    public const string SectionName = "Soma:Client";

    /// <summary>The namespace <see cref="ISomaMemory"/> acts in; <see cref="ISomaMemory.ForNamespace"/> picks another.</summary>
    public string Namespace { get; set; } = "default";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!SomaMemory.Namespaces.NamespaceName.IsValid(Namespace, out var error))
        {
            yield return new ValidationResult($"{SectionName}:Namespace: {error}", [nameof(Namespace)]);
        }
    }
}
