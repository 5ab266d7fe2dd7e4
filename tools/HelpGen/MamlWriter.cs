using System.Text;
using System.Xml;

namespace KPops.HelpGen;

/// <summary>
/// Writes the MAML that Get-Help reads from <c>en-US/&lt;RootModule&gt;-Help.xml</c>: one <c>command:command</c> per
/// cmdlet, with the syntax items in the order of the page's SYNTAX section and their parameters in the order of the
/// syntax line (so Get-Help shows the syntax as Get-Command -Syntax does).
/// </summary>
internal static class MamlWriter
{
    private const string MshNs = "http://msh";
    private const string MamlNs = "http://schemas.microsoft.com/maml/2004/10";
    private const string CommandNs = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private const string DevNs = "http://schemas.microsoft.com/maml/dev/2004/10";

    public static void Write(IEnumerable<CommandHelp> commands, string path)
    {
        var settings = new XmlWriterSettings
        {
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        };
        using var writer = XmlWriter.Create(path, settings);
        writer.WriteStartDocument();
        writer.WriteStartElement("helpItems", MshNs);
        writer.WriteAttributeString("schema", "maml");
        foreach (var command in commands) WriteCommand(writer, command);
        writer.WriteEndElement();
        writer.WriteEndDocument();
    }

    private static void WriteCommand(XmlWriter w, CommandHelp command)
    {
        w.WriteStartElement("command", "command", CommandNs);
        w.WriteAttributeString("xmlns", "maml", null, MamlNs);
        w.WriteAttributeString("xmlns", "command", null, CommandNs);
        w.WriteAttributeString("xmlns", "dev", null, DevNs);

        var dash = command.Name.IndexOf('-', StringComparison.Ordinal);
        w.WriteStartElement("details", CommandNs);
        w.WriteElementString("name", CommandNs, command.Name);
        w.WriteElementString("verb", CommandNs, dash > 0 ? command.Name[..dash] : command.Name);
        w.WriteElementString("noun", CommandNs, dash > 0 ? command.Name[(dash + 1)..] : "");
        Paragraphs(w, "description", MamlNs, command.Synopsis);
        w.WriteEndElement();

        Paragraphs(w, "description", MamlNs, command.Description);

        w.WriteStartElement("syntax", CommandNs);
        foreach (var item in command.Syntax)
        {
            w.WriteStartElement("syntaxItem", CommandNs);
            w.WriteElementString("name", MamlNs, command.Name);
            foreach (var shown in item.Parameters)
            {
                var parameter = command.Parameter(shown.Name)!;
                Parameter(w, parameter, parameter.For(item.ParameterSetName)!, inSyntax: true);
            }
            w.WriteEndElement();
        }
        w.WriteEndElement();

        w.WriteStartElement("parameters", CommandNs);
        foreach (var parameter in command.Parameters) Parameter(w, parameter, parameter.Metadata[0], inSyntax: false);
        w.WriteEndElement();

        Types(w, "inputTypes", "inputType", command.Inputs);
        Types(w, "returnValues", "returnValue", command.Outputs);

        w.WriteStartElement("alertSet", MamlNs);
        Paragraphs(w, "alert", MamlNs, command.Notes);
        w.WriteEndElement();

        w.WriteStartElement("examples", CommandNs);
        foreach (var example in command.Examples)
        {
            w.WriteStartElement("example", CommandNs);
            w.WriteElementString("title", MamlNs, Title(example.Title));
            w.WriteElementString("code", DevNs, example.Code);
            Paragraphs(w, "remarks", DevNs, example.Remarks);
            w.WriteEndElement();
        }
        w.WriteEndElement();

        w.WriteStartElement("relatedLinks", CommandNs);
        foreach (var link in command.Links)
        {
            w.WriteStartElement("navigationLink", MamlNs);
            w.WriteElementString("linkText", MamlNs, link.Text);
            w.WriteElementString("uri", MamlNs, link.Uri);
            w.WriteEndElement();
        }
        w.WriteEndElement();

        w.WriteEndElement();
    }

    private static void Parameter(XmlWriter w, ParameterHelp parameter, ParameterMetadata metadata, bool inSyntax)
    {
        w.WriteStartElement("parameter", CommandNs);
        w.WriteAttributeString("required", Bool(metadata.Required));
        w.WriteAttributeString("variableLength", Bool(metadata.IsArray));
        w.WriteAttributeString("globbing", Bool(metadata.Globbing));
        w.WriteAttributeString("pipelineInput", metadata.PipelineInput);
        w.WriteAttributeString("position", metadata.IsPositional ? metadata.Position : "named");
        w.WriteAttributeString("aliases", metadata.Aliases.Count > 0 ? string.Join(", ", metadata.Aliases) : "none");
        w.WriteElementString("name", MamlNs, parameter.Name);
        Paragraphs(w, "description", MamlNs, parameter.Description);
        if (inSyntax && metadata.AcceptedValues.Count > 0)
        {
            w.WriteStartElement("parameterValueGroup", CommandNs);
            foreach (var value in metadata.AcceptedValues) ParameterValue(w, value, required: false, variableLength: false);
            w.WriteEndElement();
        }
        // In a syntax item a switch has no value: Get-Help then shows [-Force] rather than [-Force <SwitchParameter>].
        if (!(inSyntax && metadata.IsSwitch)) ParameterValue(w, metadata.Type, required: !metadata.IsSwitch, variableLength: metadata.IsArray);
        w.WriteStartElement("type", DevNs);
        w.WriteElementString("name", MamlNs, metadata.Type);
        w.WriteElementString("uri", MamlNs, "");
        w.WriteEndElement();
        w.WriteElementString("defaultValue", DevNs, metadata.DefaultValue);
        w.WriteEndElement();
    }

    private static void ParameterValue(XmlWriter w, string value, bool required, bool variableLength)
    {
        w.WriteStartElement("parameterValue", CommandNs);
        w.WriteAttributeString("required", Bool(required));
        w.WriteAttributeString("variableLength", Bool(variableLength));
        w.WriteString(value);
        w.WriteEndElement();
    }

    private static void Types(XmlWriter w, string listElement, string itemElement, IReadOnlyList<TypeHelp> types)
    {
        w.WriteStartElement(listElement, CommandNs);
        foreach (var type in types)
        {
            w.WriteStartElement(itemElement, CommandNs);
            w.WriteStartElement("type", DevNs);
            w.WriteElementString("name", MamlNs, type.TypeName);
            w.WriteEndElement();
            Paragraphs(w, "description", MamlNs, type.Description);
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static void Paragraphs(XmlWriter w, string element, string ns, IEnumerable<string> paragraphs)
    {
        w.WriteStartElement(element, ns);
        foreach (var paragraph in paragraphs) w.WriteElementString("para", MamlNs, paragraph);
        w.WriteEndElement();
    }

    /// <summary>Get-Help prints the title as is; the dashes are the customary MAML example banner.</summary>
    private static string Title(string title) => $"--------- {title} ---------";

    private static string Bool(bool value) => value ? "true" : "false";
}
