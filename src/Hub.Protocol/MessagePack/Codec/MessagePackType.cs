namespace HubFramework.Protocol.MessagePack;

/// <summary>The format families of the MessagePack type system.</summary>
public enum MessagePackType
{
    /// <summary>The byte 0xC1, which the specification never uses.</summary>
    Unknown = 0,
    /// <summary>nil.</summary>
    Nil,
    /// <summary>true or false.</summary>
    Boolean,
    /// <summary>positive/negative fixint, uint 8–64, int 8–64.</summary>
    Integer,
    /// <summary>float 32 or float 64.</summary>
    Float,
    /// <summary>fixstr, str 8/16/32 (UTF-8).</summary>
    String,
    /// <summary>bin 8/16/32.</summary>
    Binary,
    /// <summary>fixarray, array 16/32.</summary>
    Array,
    /// <summary>fixmap, map 16/32.</summary>
    Map,
    /// <summary>fixext 1–16, ext 8/16/32 (including timestamps).</summary>
    Extension,
}
