namespace HubFramework.Samples.Whiteboard.Boards;

/// <summary>An operation the board refuses; the message is meant for the person who made it.</summary>
public sealed class BoardRejectedException(string message) : Exception(message);
