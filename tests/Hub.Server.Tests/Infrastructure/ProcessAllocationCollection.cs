namespace HubFramework.Server.Tests.Infrastructure;

/// <summary>Tests that count the whole process's allocations: xunit runs this collection alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessAllocationCollection
{
    public const string Name = "Process allocations";
}
