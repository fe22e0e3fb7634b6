namespace HubFramework.InteropServer;

/// <summary>The object shape the contract's <c>EchoObject</c> method round-trips.</summary>
public sealed record InteropObject(string Name, int Value, string[] Tags);
