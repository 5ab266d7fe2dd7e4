using KPops.Engine.Config;

namespace KPops.Tests.Integration.Support;

/// <summary>Loads a config.yaml text the way the cmdlets do.</summary>
public static class TestConfig
{
    public static KpopsConfig Load(string configYaml)
    {
        var folder = Path.Combine(Path.GetTempPath(), "kpops-it-config-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            File.WriteAllText(Path.Combine(folder, "config.yaml"), configYaml);
            return ConfigLoader.Load(new ConfigRequest(folder, null, [], new Dictionary<string, string>())).Config;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
