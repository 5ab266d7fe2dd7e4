using System.Runtime.InteropServices;
using System.Text;

namespace KPops.Tests.Unit.Hostile;

/// <summary>
/// The corpus of hostile and broken inputs for loading, by class: nesting, expansion, the file system, names, and
/// values, encodings and echoes. Every case must fail with its error id at its place, with a short message, in
/// bounded time and memory, on a small stack.
/// </summary>
internal static partial class HostileCorpus
{
    private static readonly Lazy<Dictionary<string, HostileCase>> Cases = new(() =>
        Nesting().Concat(Expansion()).Concat(Files()).Concat(Names()).Concat(Values()).ToDictionary(c => c.Name, StringComparer.Ordinal));

    public static IEnumerable<string> AllNames => Cases.Value.Keys;

    public static HostileCase Get(string name) => Cases.Value[name];

    private static HostileCase Pipeline(string name, string yaml, string errorId, int line) =>
        new(name, errorId, Where.At(Loads.Pipeline, line), ws => ws.LoadPipeline(yaml));

    /// <summary>
    /// A name that only fails where it is handed to a service (an unset placeholder, which KPOps' generate prints as
    /// written): the pipeline loads, and the gate every service call passes refuses it.
    /// </summary>
    private static HostileCase HandOff(string name, string yaml, string errorId, int line) =>
        new(name, errorId, Where.At(Loads.Pipeline, line), ws =>
        {
            var pipeline = ws.LoadPipeline(yaml);
            KPops.Engine.Inventory.ResourceInventory.EnsureHandOff(pipeline.Components.Select(c => (pipeline, c)));
        });

    private static HostileCase Pipeline(string name, Func<string> yaml, string errorId, int line) =>
        new(name, errorId, Where.At(Loads.Pipeline, line), ws => ws.LoadPipeline(yaml()));

    private static HostileCase Defaults(string name, string yaml, string errorId, int line) =>
        new(name, errorId, Where.At(Loads.Defaults, line), ws =>
        {
            ws.Write(Loads.Defaults, yaml);
            Loads.LoadApp(ws);
        });

    private static HostileCase Config(string name, string extra, string errorId, int line) =>
        new(name, errorId, Where.At(Loads.ConfigFile, line), ws =>
        {
            ws.Write(Loads.ConfigFile, Loads.Config(extra));
            Loads.LoadApp(ws);
        });

    private static HostileCase DotEnv(string name, string text, string errorId, int line) =>
        new(name, errorId, Where.At(Loads.DotEnv, line), ws =>
        {
            ws.Write(Loads.DotEnv, text);
            ws.Write(Loads.Pipeline, Loads.App());
            Loads.LoadWithDotEnv(ws);
        });

    private static HostileCase Bytes(string name, string relativePath, byte[] content, string errorId, int line, bool withDotEnv = false) =>
        new(name, errorId, Where.At(relativePath, line), ws =>
        {
            if (relativePath != Loads.Pipeline) ws.Write(Loads.Pipeline, Loads.App());
            Directory.CreateDirectory(Path.GetDirectoryName(ws.PathOf(relativePath))!);
            File.WriteAllBytes(ws.PathOf(relativePath), content);
            if (withDotEnv) Loads.LoadWithDotEnv(ws);
            else ws.Load();
        });

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>Named pipes exist where mkfifo does; the cases that need one are left out elsewhere.</summary>
    private static bool HasNamedPipes => !OperatingSystem.IsWindows();

    internal static void MakeNamedPipe(string path)
    {
        if (File.Exists(path)) File.Delete(path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (NativeMethods.MakeFifo(Encoding.UTF8.GetBytes(path + "\0"), Convert.ToUInt32("644", 8)) != 0)
            throw new InvalidOperationException($"mkfifo failed for {path}: errno {Marshal.GetLastPInvokeError()}");
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int MakeFifo(byte[] nulTerminatedPath, uint mode);
    }
}
