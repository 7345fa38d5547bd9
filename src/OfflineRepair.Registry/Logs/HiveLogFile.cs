namespace OfflineRepair.Registry.Logs;

/// <summary>
/// A transaction log file read into memory. The name is only used to report which logs a recovery
/// used; the contents decide everything else, so a 0-byte or foreign file is harmless.
/// </summary>
public sealed record HiveLogFile(string Name, byte[] Data);
