namespace HubFramework.Protocol.MessagePack;

/// <summary>
/// The outcome of a <c>TryRead…</c> call on <see cref="MessagePackReader"/>. Anything but <see cref="Success"/>
/// leaves the reader where it was, so a caller holding a partial buffer can retry once more bytes arrive.
/// </summary>
public enum MessagePackReadStatus
{
    /// <summary>The value was read and the reader moved past it.</summary>
    Success = 0,
    /// <summary>The buffer ends before the value does (or before a length it announces).</summary>
    InsufficientData,
    /// <summary>The next value is of another format family than the one asked for.</summary>
    TypeMismatch,
    /// <summary>The next value is an integer that does not fit the requested type.</summary>
    Overflow,
    /// <summary>The bytes break the specification: the unused code 0xC1, invalid UTF-8, an impossible length or timestamp.</summary>
    InvalidData,
    /// <summary>Arrays and maps are nested deeper than <see cref="MessagePackReader.MaximumDepth"/>.</summary>
    DepthExceeded,
}
