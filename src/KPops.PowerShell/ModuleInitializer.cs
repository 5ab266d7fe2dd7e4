using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace KPops.PowerShell;

/// <summary>
/// Loads the engine and every third-party assembly it needs from <c>Dependencies/</c> into a load context
/// of their own, so that other modules in the same session (with other YamlDotNet, Newtonsoft.Json or
/// Microsoft.Extensions versions) cannot conflict with ours, and native libraries (librdkafka) are found.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private const string EngineAssemblyName = "KPops.Engine";

    private static readonly Lazy<DependencyLoadContext> Context = new(() =>
        new DependencyLoadContext(Path.Combine(DependencyDirectory, EngineAssemblyName + ".dll")));

    private static string DependencyDirectory =>
        Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!, "Dependencies");

    private static readonly object Gate = new();
    private static bool _registered;

    /// <summary>
    /// Installs the resolver. KPops.Isolation.psm1 (a nested module, imported before KPops.dll) calls this, because
    /// PowerShell inspects the cmdlets' parameter and output types — engine types — before <see cref="OnImport"/> runs.
    /// </summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (_registered) return;
            AssemblyLoadContext.Default.Resolving += ResolveEngine;
            _registered = true;
        }
    }

    /// <inheritdoc />
    public void OnImport() => Register();

    /// <inheritdoc />
    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        lock (Gate)
        {
            AssemblyLoadContext.Default.Resolving -= ResolveEngine;
            _registered = false;
        }
    }

    // Only the uniquely named engine is redirected; the engine's own references then resolve inside Context.
    private static Assembly? ResolveEngine(AssemblyLoadContext defaultContext, AssemblyName name) =>
        string.Equals(name.Name, EngineAssemblyName, StringComparison.Ordinal)
            ? Context.Value.LoadFromAssemblyName(name)
            : null;

    private sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private readonly AssemblyDependencyResolver _resolver;

        public DependencyLoadContext(string engineAssemblyPath)
            : base("KPops.Dependencies") => _resolver = new AssemblyDependencyResolver(engineAssemblyPath);

        // null falls back to the default context: BCL and System.Management.Automation are shared.
        protected override Assembly? Load(AssemblyName assemblyName) =>
            _resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
            _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path
                ? LoadUnmanagedDllFromPath(path)
                : IntPtr.Zero;
    }
}
