using KPops.Engine.Errors;
using KPops.Engine.Loading;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Hostile;

/// <summary>The file system: special files, paths that cannot be paths, link loops, sizes, cancellation.</summary>
internal static partial class HostileCorpus
{
    private static HostileCase NamedPipe(string name, string relativePath, Action<Workspace> load) =>
        new(name, ErrorIds.NotARegularFile, Where.File(relativePath), ws =>
        {
            if (relativePath != Loads.Pipeline) ws.Write(Loads.Pipeline, Loads.App());
            MakeNamedPipe(ws.PathOf(relativePath));
            load(ws);
        });

    private static IEnumerable<HostileCase> Files()
    {
        if (HasNamedPipes)
        {
            yield return NamedPipe("files: defaults.yaml is a named pipe", Loads.Defaults, ws => ws.Load());
            yield return NamedPipe("files: config.yaml is a named pipe", Loads.ConfigFile, ws => ws.Load());
            yield return NamedPipe("files: the pipeline file is a named pipe", Loads.Pipeline, ws => ws.Load());
            yield return NamedPipe("files: the dotenv file is a named pipe", Loads.DotEnv, Loads.LoadWithDotEnv);
            yield return NamedPipe("files: pipeline_<env>.yaml is a named pipe", "pipelines/demo/pipeline_dev.yaml", ws => ws.Load(environment: "dev"));
            yield return NamedPipe("files: defaults_<env>.yaml is a named pipe", "pipelines/demo/defaults_dev.yaml", ws => ws.Load(environment: "dev"));
            yield return NamedPipe("files: config_<env>.yaml is a named pipe", "config_dev.yaml", ws => ws.Load(environment: "dev"));
            yield return NamedPipe("files: kpops-components.yaml is a named pipe", "pipelines/kpops-components.yaml", ws => ws.Load());
            yield return new HostileCase("files: an inflate script that is a named pipe", ErrorIds.NotARegularFile, Where.File("pipelines/inflate.ps1"), ws =>
            {
                ws.Write("pipelines/kpops-components.yaml", "- type: filter\n  base: helm-app\n  inflate: inflate.ps1\n");
                MakeNamedPipe(ws.PathOf("pipelines/inflate.ps1"));
                ws.LoadPipeline("- type: filter\n  name: app\n  chart: repo/chart\n");
            });
            yield return new HostileCase("files: the dotenv file is a link to a device", ErrorIds.NotARegularFile, Where.File(Loads.DotEnv), ws =>
            {
                File.CreateSymbolicLink(ws.PathOf(Loads.DotEnv), "/dev/zero");
                ws.Write(Loads.Pipeline, Loads.App());
                Loads.LoadWithDotEnv(ws);
            });
            yield return new HostileCase("files: defaults.yaml is a link to a device", ErrorIds.NotARegularFile, Where.File(Loads.Defaults), ws =>
            {
                File.Delete(ws.PathOf(Loads.Defaults));
                File.CreateSymbolicLink(ws.PathOf(Loads.Defaults), "/dev/urandom");
                Loads.LoadApp(ws);
            });
        }
        yield return new HostileCase("files: the dotenv file is a folder", ErrorIds.NotARegularFile, Where.File(Loads.DotEnv), ws =>
        {
            Directory.CreateDirectory(ws.PathOf(Loads.DotEnv));
            ws.Write(Loads.Pipeline, Loads.App());
            Loads.LoadWithDotEnv(ws);
        });
        yield return new HostileCase("files: a NUL character in the pipeline path", ErrorIds.InvalidPath, Where.Nowhere, ws =>
        {
            ws.Write(Loads.Pipeline, Loads.App());
            ws.Load("pipelines/demo\0/pipeline.yaml");
        });
        yield return new HostileCase("files: a NUL character in the dotenv path", ErrorIds.InvalidPath, Where.Nowhere, ws =>
        {
            ws.Write(Loads.Pipeline, Loads.App());
            ws.Load(dotEnvFiles: [".env\0x"]);
        });
        yield return new HostileCase("files: a NUL character in the config directory", ErrorIds.InvalidPath, Where.Nowhere, ws =>
        {
            ws.Write(Loads.Pipeline, Loads.App());
            Loads.LoadRequest(ws, r => r with { ConfigDirectory = "con\0fig" });
        });
        yield return new HostileCase("files: a NUL character in pipeline_base_dir", ErrorIds.ConfigInvalid, Where.At(Loads.ConfigFile, 1), ws =>
        {
            ws.Write(Loads.ConfigFile, "pipeline_base_dir: \"pipe\\0lines\"\nkafka_brokers: broker:9092\n");
            Loads.LoadApp(ws);
        });
        yield return new HostileCase("files: a link loop in pipeline_base_dir", ErrorIds.FileUnreadable, Where.File("loop-a"), ws =>
        {
            Directory.CreateSymbolicLink(ws.PathOf("loop-a"), ws.PathOf("loop-b"));
            Directory.CreateSymbolicLink(ws.PathOf("loop-b"), ws.PathOf("loop-a"));
            ws.Write(Loads.ConfigFile, "pipeline_base_dir: loop-a\nkafka_brokers: broker:9092\n");
            Loads.LoadApp(ws);
        });
        yield return new HostileCase("files: a link loop as the pipeline path", ErrorIds.FileUnreadable, Where.File("pipelines/demo/loop.yaml"), ws =>
        {
            Directory.CreateDirectory(ws.PathOf("pipelines/demo"));
            File.CreateSymbolicLink(ws.PathOf("pipelines/demo/loop.yaml"), ws.PathOf("pipelines/demo/loop2.yaml"));
            File.CreateSymbolicLink(ws.PathOf("pipelines/demo/loop2.yaml"), ws.PathOf("pipelines/demo/loop.yaml"));
            ws.Load("pipelines/demo/loop.yaml");
        });
        yield return new HostileCase("files: defaults.yaml larger than limits.max_file_size", ErrorIds.FileTooLarge, Where.File(Loads.Defaults), ws =>
        {
            ws.Write(Loads.ConfigFile, Loads.Config("limits:\n  max_file_size: 1024\n"));
            ws.Write(Loads.Defaults, Workspace.StandardDefaults + "# " + new string('x', 2000) + "\n");
            Loads.LoadApp(ws);
        });
        yield return new HostileCase("files: a load cancelled before it starts", ErrorIds.LoadCancelled, Where.Nowhere, ws =>
        {
            ws.Write(Loads.Pipeline, Loads.App());
            Loads.LoadRequest(ws, r => r with { CancellationToken = new CancellationToken(canceled: true) });
        });
        yield return new HostileCase("files: a folder search cancelled", ErrorIds.LoadCancelled, Where.Nowhere, ws =>
        {
            ws.Write(Loads.Pipeline, Loads.App());
            PipelineLoader.FindPipelineFiles(["pipelines"], ws.Root, new CancellationToken(canceled: true));
        });
        yield return new HostileCase("files: a pipeline path that does not exist", ErrorIds.FileNotFound, Where.Nowhere, ws => ws.Load("pipelines/none/pipeline.yaml"));
        yield return new HostileCase("files: a dotenv file that does not exist", ErrorIds.FileNotFound, Where.Nowhere, ws =>
        {
            ws.Write(Loads.Pipeline, Loads.App());
            ws.Load(dotEnvFiles: ["missing.env"]);
        });
    }
}
