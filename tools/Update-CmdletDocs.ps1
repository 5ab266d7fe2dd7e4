#Requires -Version 7.4
<#
.SYNOPSIS
    Creates and updates the PlatyPS-style cmdlet pages in docs/cmdlets from the built module's cmdlets.

.DESCRIPTION
    What PlatyPS' New-MarkdownHelp / Update-MarkdownHelp do, for a machine without PlatyPS. For every cmdlet the
    module exports:
      - a missing page is created from the cmdlet's metadata, with {{ Fill ... }} markers where prose is needed
        (the Pester help tests fail while any marker is left);
      - an existing page keeps its prose (synopsis, description, examples, parameter descriptions, inputs,
        outputs, notes, links), while SYNTAX and each parameter's yaml block are rewritten from Get-Command:
        parameter sets, types, mandatory, position, pipeline input, aliases, wildcards, accepted values.
        Parameters the cmdlet gained are added (with an empty description, reported as a warning), parameters
        it lost are removed. 'Default value' is prose (the cmdlet cannot report it) and is kept.
    The module page (<ModuleName>.md) gets the module's GUID and the list of cmdlets with their synopses.
    Syntax lines are exactly what `Get-Command <name> -Syntax` prints for each parameter set.

    Run it in a fresh pwsh after a build (build.ps1 UpdateDocs does): a binary module cannot be reloaded.

.EXAMPLE
    dotnet pwsh -NoProfile -File tools/Update-CmdletDocs.ps1 -ModulePath out/KPops/KPops.psd1 -DocsPath docs/cmdlets
#>
[CmdletBinding()]
param(
    # The built module's manifest.
    [Parameter(Mandatory)]
    [string] $ModulePath,

    # The folder of the markdown pages.
    [Parameter(Mandatory)]
    [string] $DocsPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$CommonParametersText = 'This cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable, -InformationAction, ' +
    '-InformationVariable, -OutBuffer, -OutVariable, -PipelineVariable, -ProgressAction, -Verbose, -WarningAction, and ' +
    '-WarningVariable. For more information, see [about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).'
$SectionOrder = 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS'
$Fence = '```'

#region metadata from the cmdlet

# The short type name PlatyPS v1 writes (String[], SwitchParameter, Dictionary[String,Int32]).
function Get-TypeDisplayName([type] $Type) {
    if ($Type.IsArray) { return (Get-TypeDisplayName $Type.GetElementType()) + '[]' }
    $underlying = [Nullable]::GetUnderlyingType($Type)
    if ($underlying) { return Get-TypeDisplayName $underlying }
    if ($Type.IsGenericType) {
        $name = $Type.Name.Substring(0, $Type.Name.IndexOf('`'))
        return $name + '[' + (($Type.GetGenericArguments() | ForEach-Object { Get-TypeDisplayName $_ }) -join ',') + ']'
    }
    $Type.Name
}

# The yaml-relevant facts of one parameter in one parameter set, as ordered key/value pairs.
function Get-ParameterFacts([System.Management.Automation.CommandParameterInfo] $Parameter) {
    $pipeline = @(
        if ($Parameter.ValueFromPipelineByPropertyName) { 'ByPropertyName' }
        if ($Parameter.ValueFromPipeline) { 'ByValue' }
        if ($Parameter.ValueFromRemainingArguments) { 'FromRemainingArguments' }
    )
    $type = $Parameter.ParameterType
    $element = if ($type.IsArray) { $type.GetElementType() } else { $type }
    $accepted = @(
        foreach ($attribute in $Parameter.Attributes) {
            if ($attribute -is [System.Management.Automation.ValidateSetAttribute]) { $attribute.ValidValues }
        }
    )
    if ($accepted.Count -eq 0 -and $element.IsEnum) { $accepted = [enum]::GetNames($element) }
    $wildcards = [bool]($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
    [ordered]@{
        'Type'                       = Get-TypeDisplayName $type
        'Aliases'                    = $Parameter.Aliases -join ', '
        'Accepted values'            = $accepted -join ', '
        'Required'                   = if ($Parameter.IsMandatory) { 'True' } else { 'False' }
        'Position'                   = if ($Parameter.Position -ge 0) { [string]$Parameter.Position } else { 'Named' }
        'Accept pipeline input'      = if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' }
        'Accept wildcard characters' = if ($wildcards) { 'True' } else { 'False' }
    }
}

# One entry per documented parameter (common parameters excluded), in the order the syntax lines name them,
# each with its yaml blocks: groups of parameter sets that share the same facts.
function Get-CommandModel([System.Management.Automation.CommandInfo] $Command) {
    $common = [System.Management.Automation.Cmdlet]::CommonParameters
    $sets = @($Command.ParameterSets)
    $syntax = foreach ($set in $sets) {
        [pscustomobject]@{ Name = $set.Name; IsDefault = $set.IsDefault; Line = "$($Command.Name) $set" }
    }
    # Parameters in the order the syntax lines name them (positional first, by position; then as declared).
    $order = [System.Collections.Generic.List[string]]::new()
    $bySet = @{}
    foreach ($set in $sets) {
        foreach ($match in [regex]::Matches("$set", '(?<=[\[\s]|^)-(\w+)')) {
            $name = $match.Groups[1].Value
            if (-not $order.Contains($name)) { $order.Add($name) }
        }
        foreach ($parameter in $set.Parameters | Where-Object { $_.Name -notin $common }) { $bySet["$($set.Name)|$($parameter.Name)"] = $parameter }
    }
    $parameters = foreach ($name in $order) {
        $groups = [ordered]@{}
        foreach ($set in $sets) {
            $info = $bySet["$($set.Name)|$name"]
            if (-not $info) { continue }
            $facts = Get-ParameterFacts $info
            $key = ($facts.GetEnumerator() | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join ';'
            if (-not $groups.Contains($key)) { $groups[$key] = [pscustomobject]@{ Facts = $facts; Sets = [System.Collections.Generic.List[string]]::new() } }
            $groups[$key].Sets.Add($set.Name)
        }
        $blocks = @($groups.Values)
        $inAll = $blocks.Count -eq 1 -and $blocks[0].Sets.Count -eq $sets.Count
        [pscustomobject]@{
            Name   = $name
            Blocks = @(foreach ($block in $blocks) {
                    [pscustomobject]@{ Facts = $block.Facts; Sets = if ($inAll) { '(All)' } else { $block.Sets -join ', ' } }
                })
        }
    }
    $inputs = @($Command.Parameters.Values | Where-Object { $_.Name -notin $common } | ForEach-Object {
            $p = $_
            if ($p.ParameterSets.Values | Where-Object { $_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName }) { $p.ParameterType.FullName }
        } | Select-Object -Unique)
    $outputs = @($Command.OutputType | ForEach-Object { $_.Name } | Where-Object { $_ -ne 'System.Void' } | Select-Object -Unique)
    [pscustomobject]@{
        Name              = $Command.Name
        Syntax            = @($syntax)
        Parameters        = @($parameters)
        CommonParameters  = $true
        Inputs            = $inputs
        Outputs           = $outputs
    }
}

#endregion

#region markdown

# Splits a page into front matter, the lines before the first '## ' heading, and its '## ' sections,
# never looking inside code fences.
function Split-Page([string[]] $Lines) {
    if (-not $Lines) { $Lines = @() }
    $page = [ordered]@{ FrontMatter = @(); Head = [System.Collections.Generic.List[string]]::new(); Sections = [ordered]@{} }
    $i = 0
    if ($Lines.Count -gt 0 -and $Lines[0] -eq '---') {
        $end = [array]::IndexOf($Lines, '---', 1)
        if ($end -gt 0) { $page.FrontMatter = $Lines[1..($end - 1)]; $i = $end + 1 }
    }
    $current = $page.Head
    $inFence = $false
    for (; $i -lt $Lines.Count; $i++) {
        $line = $Lines[$i]
        if ($line -match '^\s*(```|~~~)') { $inFence = -not $inFence }
        if (-not $inFence -and $line -match '^## (.+?)\s*$') {
            $current = [System.Collections.Generic.List[string]]::new()
            $page.Sections[$Matches[1].ToUpperInvariant()] = $current
            continue
        }
        $current.Add($line)
    }
    $page
}

# Splits a section body at '### ' headings (outside code fences): the text before the first heading and one
# entry per heading.
function Split-Subsections([string[]] $Lines) {
    $result = [ordered]@{ Head = [System.Collections.Generic.List[string]]::new(); Items = [System.Collections.Generic.List[object]]::new() }
    $current = $result.Head
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line -match '^\s*(```|~~~)') { $inFence = -not $inFence }
        if (-not $inFence -and $line -match '^### (.+?)\s*$') {
            $current = [System.Collections.Generic.List[string]]::new()
            $result.Items.Add([pscustomobject]@{ Title = $Matches[1]; Lines = $current })
            continue
        }
        $current.Add($line)
    }
    $result
}

# The description lines of a parameter entry (before its first yaml block), and the 'Default value' its blocks give.
function Read-ParameterEntry([string[]] $Lines) {
    $description = [System.Collections.Generic.List[string]]::new()
    $default = $null
    $inYaml = $false
    $seenYaml = $false
    foreach ($line in $Lines) {
        if (-not $inYaml -and $line -match '^```yaml\s*$') { $inYaml = $true; $seenYaml = $true; continue }
        if ($inYaml -and $line -match '^```\s*$') { $inYaml = $false; continue }
        if ($inYaml) {
            if ($null -eq $default -and $line -match '^Default value:\s*(.*)$') { $default = $Matches[1].Trim() }
            continue
        }
        if (-not $seenYaml) { $description.Add($line) }
    }
    [pscustomobject]@{ Description = (Format-Body $description); DefaultValue = $default }
}

# Trims blank lines at both ends of a block of lines.
function Format-Body([string[]] $Lines) {
    $list = [System.Collections.Generic.List[string]]::new()
    if ($Lines) { $list.AddRange([string[]]$Lines) }
    while ($list.Count -gt 0 -and [string]::IsNullOrWhiteSpace($list[0])) { $list.RemoveAt(0) }
    while ($list.Count -gt 0 -and [string]::IsNullOrWhiteSpace($list[$list.Count - 1])) { $list.RemoveAt($list.Count - 1) }
    , $list.ToArray()
}

function Format-SyntaxSection($Model) {
    $lines = [System.Collections.Generic.List[string]]::new()
    $lines.Add('')
    foreach ($item in $Model.Syntax) {
        if ($item.Name -ne '__AllParameterSets') {
            $lines.Add("### $($item.Name)$(if ($item.IsDefault -and $Model.Syntax.Count -gt 1) { ' (Default)' })")
        }
        $lines.Add($Fence)
        $lines.Add($item.Line)
        $lines.Add($Fence)
        $lines.Add('')
    }
    $lines
}

function Format-YamlBlock($Block, [string] $DefaultValue) {
    $facts = $Block.Facts
    $Fence + 'yaml'
    "Type: $($facts['Type'])"
    "Parameter Sets: $($Block.Sets)"
    "Aliases:$(if ($facts['Aliases']) { ' ' + $facts['Aliases'] })"
    if ($facts['Accepted values']) { "Accepted values: $($facts['Accepted values'])" }
    ''
    "Required: $($facts['Required'])"
    "Position: $($facts['Position'])"
    "Default value: $DefaultValue"
    "Accept pipeline input: $($facts['Accept pipeline input'])"
    "Accept wildcard characters: $($facts['Accept wildcard characters'])"
    $Fence
}

# The PARAMETERS section: existing descriptions (and default values) kept, yaml blocks rewritten, parameters
# added and removed to match the cmdlet.
function Format-ParametersSection($Model, [string[]] $Existing, [bool] $NewPage, [string] $PageName) {
    $entries = @{}
    if ($Existing) {
        foreach ($item in (Split-Subsections $Existing).Items) {
            if ($item.Title -match '^-(\w+)$') { $entries[$Matches[1]] = Read-ParameterEntry $item.Lines }
        }
    }
    $lines = [System.Collections.Generic.List[string]]::new()
    $lines.Add('')
    foreach ($parameter in $Model.Parameters) {
        $entry = $entries[$parameter.Name]
        $isSwitch = $parameter.Blocks[0].Facts['Type'] -eq 'SwitchParameter'
        $default = if ($entry -and $entry.DefaultValue) { $entry.DefaultValue } elseif ($isSwitch) { 'False' } else { 'None' }
        $lines.Add("### -$($parameter.Name)")
        if ($entry -and $entry.Description.Count -gt 0) {
            $lines.AddRange([string[]]$entry.Description)
        }
        elseif ($NewPage) {
            $lines.Add("{{ Fill $($parameter.Name) Description }}")
        }
        else {
            Write-Warning "${PageName}: added -$($parameter.Name); describe it above its yaml block."
        }
        $lines.Add('')
        foreach ($block in $parameter.Blocks) {
            $lines.AddRange([string[]](Format-YamlBlock $block $default))
            $lines.Add('')
        }
    }
    foreach ($name in $entries.Keys | Sort-Object) {
        if ($name -notin $Model.Parameters.Name) { Write-Warning "${PageName}: removed -$name, which the cmdlet no longer has." }
    }
    if ($Model.CommonParameters) {
        $lines.Add('### CommonParameters')
        $lines.Add($CommonParametersText)
        $lines.Add('')
    }
    $lines
}

function New-PageSections($Model) {
    $typeSection = {
        param([string[]] $Types, [string] $What)
        $body = [System.Collections.Generic.List[string]]::new()
        $body.Add('')
        if (-not $Types) { $Types = @('None') }
        foreach ($type in $Types) {
            $body.Add("### $type")
            $body.Add("{{ Fill in the $What description }}")
            $body.Add('')
        }
        , $body.ToArray()
    }
    [ordered]@{
        'SYNOPSIS'      = @('{{ Fill in the Synopsis }}', '')
        'DESCRIPTION'   = @('{{ Fill in the Description }}', '')
        'EXAMPLES'      = @('', '### Example 1', "$($Fence)powershell", '{{ Add example code here }}', $Fence, '', '{{ Add example description here }}', '')
        'INPUTS'        = & $typeSection $Model.Inputs 'input'
        'OUTPUTS'       = & $typeSection $Model.Outputs 'output'
        'NOTES'         = @('')
        'RELATED LINKS' = @('')
    }
}

function Format-Page([string[]] $FrontMatter, [string] $Title, $Sections) {
    $out = [System.Collections.Generic.List[string]]::new()
    $out.Add('---')
    $out.AddRange([string[]]$FrontMatter)
    $out.Add('---')
    $out.Add('')
    $out.Add("# $Title")
    $out.Add('')
    $names = @($SectionOrder | Where-Object { $Sections.Contains($_) }) + @($Sections.Keys | Where-Object { $_ -notin $SectionOrder })
    foreach ($name in $names) {
        $out.Add("## $name")
        $body = Format-Body $Sections[$name]
        # SYNTAX, PARAMETERS, INPUTS, OUTPUTS and EXAMPLES start with a ### heading after a blank line; prose directly.
        if ($body.Count -gt 0 -and $body[0] -match '^(###|```)') { $out.Add('') }
        $out.AddRange([string[]]$body)
        $out.Add('')
    }
    (($out -join "`n").TrimEnd("`n")) + "`n"
}

# Keeps existing front matter values and fills in the keys PlatyPS v1 writes.
function Update-FrontMatter([string[]] $Lines, [System.Collections.Specialized.OrderedDictionary] $Required, [string[]] $Keep) {
    $values = [ordered]@{}
    foreach ($line in $Lines) {
        if ($line -match '^([^:]+):\s*(.*)$') { $values[$Matches[1].Trim()] = $Matches[2].Trim() }
    }
    foreach ($key in $Required.Keys) {
        if (-not $values.Contains($key) -or ($key -notin $Keep)) { $values[$key] = $Required[$key] }
    }
    foreach ($key in $values.Keys) { "${key}:$(if ($values[$key]) { ' ' + $values[$key] })" }
}

function Write-IfChanged([string] $Path, [string] $Content) {
    $old = if (Test-Path $Path) { [IO.File]::ReadAllText($Path).Replace("`r`n", "`n") } else { $null }
    if ($old -ceq $Content) { return $false }
    [IO.File]::WriteAllText($Path, $Content, [Text.UTF8Encoding]::new($false))
    $true
}

#endregion

$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
$manifest = Import-PowerShellDataFile -Path $ModulePath
$module = Import-Module $ModulePath -PassThru
$moduleName = $module.Name
$helpFile = "$([IO.Path]::GetFileName($manifest.RootModule))-Help.xml"
$DocsPath = [IO.Path]::GetFullPath($DocsPath)
New-Item -ItemType Directory -Path $DocsPath -Force | Out-Null

$synopses = [ordered]@{}
foreach ($name in $module.ExportedCmdlets.Keys | Sort-Object) {
    $command = Get-Command -Name $name -Module $moduleName
    $model = Get-CommandModel $command
    $path = Join-Path $DocsPath "$name.md"
    $isNew = -not (Test-Path $path)
    $page = if ($isNew) { Split-Page @() } else { Split-Page ([IO.File]::ReadAllText($path).Replace("`r`n", "`n").Split("`n")) }

    $sections = if ($isNew) { New-PageSections $model } else { $page.Sections }
    $sections['SYNTAX'] = Format-SyntaxSection $model
    $sections['PARAMETERS'] = Format-ParametersSection $model ($page.Sections['PARAMETERS']) $isNew "$name.md"
    $frontMatter = Update-FrontMatter $page.FrontMatter ([ordered]@{
            'external help file' = $helpFile
            'Module Name'        = $moduleName
            'online version'     = ''
            'schema'             = '2.0.0'
        }) -Keep 'online version'

    if (Write-IfChanged $path (Format-Page $frontMatter $name $sections)) {
        Write-Host "$(if ($isNew) { 'Created' } else { 'Updated' }) $path"
    }
    $synopsis = Format-Body $sections['SYNOPSIS']
    $synopses[$name] = ($synopsis | Where-Object { $_ }) -join ' '
}

foreach ($file in Get-ChildItem $DocsPath -Filter '*.md') {
    if ($file.BaseName -ne $moduleName -and -not $synopses.Contains($file.BaseName)) {
        Write-Warning "$($file.Name) documents no exported cmdlet of $moduleName; remove it or export the cmdlet."
    }
}

# The module page: front matter, the hand-written description, and the cmdlet list.
$modulePagePath = Join-Path $DocsPath "$moduleName.md"
$isNew = -not (Test-Path $modulePagePath)
$lines = if ($isNew) { @() } else { [IO.File]::ReadAllText($modulePagePath).Replace("`r`n", "`n").Split("`n") }
$page = Split-Page $lines
$frontMatter = Update-FrontMatter $page.FrontMatter ([ordered]@{
        'Module Name'        = $moduleName
        'Module Guid'        = $manifest.GUID
        'Download Help Link' = ''
        'Help Version'       = $manifest.ModuleVersion
        'Locale'             = 'en-US'
    }) -Keep 'Download Help Link', 'Help Version'
$description = if ($isNew) { @('{{ Fill in the Description }}') } else { Format-Body $page.Sections['DESCRIPTION'] }
$out = [System.Collections.Generic.List[string]]::new()
$out.Add('---'); $out.AddRange([string[]]$frontMatter); $out.Add('---'); $out.Add('')
$out.Add("# $moduleName Module"); $out.Add('')
$out.Add('## Description'); $out.AddRange([string[]]$description); $out.Add('')
$out.Add("## $moduleName Cmdlets")
foreach ($name in $synopses.Keys) {
    $out.Add("### [$name]($name.md)")
    $out.Add($synopses[$name])
    $out.Add('')
}
if (Write-IfChanged $modulePagePath ((($out -join "`n").TrimEnd("`n")) + "`n")) {
    Write-Host "$(if ($isNew) { 'Created' } else { 'Updated' }) $modulePagePath"
}
