using System.Text;
using OfflineRepair.Cli;

// Results go to stdout as UTF-8 without a BOM (a .reg export to "-" relies on it), through a
// large buffer because an export writes millions of small pieces.
using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16);
using var stderr = new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = true };
return OfflineRepairCli.Run(args, stdout, stderr);
