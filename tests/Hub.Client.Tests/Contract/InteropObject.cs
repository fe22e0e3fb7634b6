namespace HubFramework.Client.Tests.Contract;

/// <summary>The object shape the contract's EchoObject round-trips.</summary>
public sealed record InteropObject(string Name, int Value, string[] Tags);
