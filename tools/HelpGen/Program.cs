using KPops.HelpGen;

// HelpGen <docs dir> <output MAML path>
// Reads every cmdlet page (*.md) of the docs directory, skips the module page, and writes one MAML file.
// Exit codes: 0 written, 1 problems in the markdown (each printed as file:line: error: message), 2 wrong usage.
if (args.Length != 2)
{
    await Console.Error.WriteLineAsync("usage: HelpGen <docs/cmdlets directory> <output MAML path, e.g. out/KPops/en-US/KPops.dll-Help.xml>");
    return 2;
}
var docsDirectory = Path.GetFullPath(args[0]);
var outputPath = Path.GetFullPath(args[1]);
if (!Directory.Exists(docsDirectory))
{
    await Console.Error.WriteLineAsync($"HelpGen: the docs directory '{docsDirectory}' does not exist.");
    return 2;
}

var files = Directory.GetFiles(docsDirectory, "*.md").Order(StringComparer.Ordinal).ToList();
var errors = new List<HelpFormatException>();
var commands = new List<CommandHelp>();
foreach (var file in files)
{
    if (MarkdownHelpReader.Read(file, Path.GetFileName(outputPath), errors) is { } command) commands.Add(command);
}

if (errors.Count > 0)
{
    foreach (var error in errors) await Console.Error.WriteLineAsync(error.ToString());
    await Console.Error.WriteLineAsync($"HelpGen: {errors.Count} problem(s) in {docsDirectory}; no help written.");
    return 1;
}
if (commands.Count == 0)
{
    await Console.Error.WriteLineAsync($"HelpGen: no cmdlet pages in '{docsDirectory}'; no help written.");
    return 1;
}

Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
MamlWriter.Write(commands, outputPath);
Console.WriteLine($"HelpGen: {commands.Count} cmdlets ({string.Join(", ", commands.Select(c => c.Name))}) -> {outputPath}");
return 0;
