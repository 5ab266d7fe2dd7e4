using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace KPops.TestWorld.Host;

/// <summary>
/// <c>dotnet KPops.TestWorld.Host.dll [--helm 3|4] [--doubles] [--no-stdin]</c>: starts a <see cref="TestWorld"/>,
/// writes one line of JSON describing it (<see cref="HostDescription"/>) to stdout, then runs until stdin closes,
/// Ctrl+C or SIGTERM, and disposes the world. While it runs, lines on stdin are commands, each answered with one JSON
/// line: <c>reset</c> (<see cref="TestWorld.Reset"/>), <c>state</c> (<see cref="HostState"/>).
/// </summary>
internal static class Program
{
    private const string Usage = "usage: KPops.TestWorld.Host [--helm 3|4] [--doubles] [--no-stdin]\n"
        + "  --helm N     helm major version the printed environment uses (default 4)\n"
        + "  --doubles    start the doubles even when KPOPS_TEST_* select a real cluster\n"
        + "  --no-stdin   do not stop when stdin closes (stop with Ctrl+C or SIGTERM)";

    public static async Task<int> Main(string[] args)
    {
        if (!TryParse(args, out var helmMajor, out var doubles, out var watchStdin, out var error))
        {
            await Console.Error.WriteLineAsync(error is null ? Usage : $"{error}\n{Usage}");
            return error is null ? 0 : 2;
        }

        TestWorld world;
        try
        {
            world = await TestWorld.StartAsync(new TestWorldOptions { IgnoreEnvironment = doubles });
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"the test world did not start: {e}");
            return 1;
        }

        await using (world)
        {
            var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnSignal(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.TrySetResult();
            }
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

            var output = Console.Out;
            await output.WriteLineAsync(JsonSerializer.Serialize(HostDescription.Of(world, helmMajor), HostJson.Options));
            await output.FlushAsync();

            if (watchStdin)
            {
                // A thread of its own: Console.In blocks, and a pending read must not keep the process alive after a signal.
                var reader = new Thread(() => ServeCommands(world, output, stop)) { IsBackground = true, Name = "stdin" };
                reader.Start();
            }
            await stop.Task;
        }
        return 0;
    }

    /// <summary>Answers commands line by line until stdin ends, then asks the host to stop.</summary>
    private static void ServeCommands(TestWorld world, TextWriter output, TaskCompletionSource stop)
    {
        try
        {
            while (Console.In.ReadLine() is { } line)
            {
                var command = line.Trim();
                if (command.Length == 0) continue;
                object reply;
                try
                {
                    reply = command switch
                    {
                        "reset" => Reset(world),
                        "state" => HostState.Of(world),
                        _ => new { error = $"unknown command '{command}' (known: reset, state)" },
                    };
                }
                catch (Exception e)
                {
                    reply = new { error = e.Message };
                }
                lock (output)
                {
                    output.WriteLine(JsonSerializer.Serialize(reply, HostJson.Options));
                    output.Flush();
                }
            }
        }
        finally
        {
            stop.TrySetResult();
        }
    }

    private static object Reset(TestWorld world)
    {
        world.Reset();
        return new { ok = true };
    }

    private static bool TryParse(string[] args, out int helmMajor, out bool doubles, out bool watchStdin, out string? error)
    {
        (helmMajor, doubles, watchStdin, error) = (4, false, true, null);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--helm" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var major) && major is 3 or 4:
                    helmMajor = major;
                    i++;
                    break;
                case "--helm":
                    error = "--helm takes 3 or 4";
                    return false;
                case "--doubles":
                    doubles = true;
                    break;
                case "--no-stdin":
                    watchStdin = false;
                    break;
                case "--help" or "-h":
                    return false;
                default:
                    error = $"unknown argument '{args[i]}'";
                    return false;
            }
        }
        return true;
    }
}
