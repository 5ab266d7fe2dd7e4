using KPops.Engine.Yaml;

namespace KPops.Engine.Model;

/// <summary>Changes to the Helm values of a release that later stages make (Argo CD annotations).</summary>
internal static class HelmValuesFile
{
    /// <summary>The values with <c>annotations.&lt;key&gt;</c> set, which the charts put on their workloads.</summary>
    public static YMap WithAnnotation(YMap values, string key, string value)
    {
        if (values.Get("annotations") is not YMap annotations) values["annotations"] = annotations = new YMap();
        annotations[key] = new YScalar(value);
        return values;
    }
}
