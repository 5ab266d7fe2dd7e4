#Requires -Version 7.4
<#
    The help of every exported cmdlet: docs/cmdlets pages exist and are complete, the MAML that Get-Help reads
    (generated from them by tools/HelpGen) matches the cmdlets, the examples run, and the doc tools behave.
    Runs against the built module ($env:KPOPS_MODULE_PATH, else out/KPops/KPops.psd1).
#>

BeforeDiscovery {
    $repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
    $modulePath = if ($env:KPOPS_MODULE_PATH) { $env:KPOPS_MODULE_PATH } else { Join-Path $repoRoot 'out/KPops/KPops.psd1' }
    $module = Import-Module $modulePath -PassThru
    $common = [System.Management.Automation.Cmdlet]::CommonParameters

    $cmdletCases = foreach ($name in $module.ExportedCmdlets.Keys | Sort-Object) {
        @{
            Name       = $name
            Parameters = @((Get-Command $name -Module $module.Name).Parameters.Keys | Where-Object { $_ -notin $common } | Sort-Object)
        }
    }
    $exampleCases = foreach ($name in $module.ExportedCmdlets.Keys | Sort-Object) {
        # The examples of the lifecycle cmdlets deploy and clean, and those of Get-KPopsManifest (helm template of the
        # world's charts) and Get-KPopsStatus read the services: they run against a test world.
        $lifecycle = (Get-Command $name -Module $module.Name).ImplementingType.IsSubclassOf([KPops.PowerShell.Internal.LifecycleCmdlet]) -or
            $name -in 'Get-KPopsManifest', 'Get-KPopsStatus'

        foreach ($example in (Get-Help $name -Full).examples.example) {
            @{ Cmdlet = $name; Title = ($example.title -replace '^-+\s*|\s*-+$'); Code = $example.code; Lifecycle = $lifecycle }
        }
    }
    $worldNeeded = [bool]($exampleCases | Where-Object Lifecycle)
    # All examples of a cmdlet, in the order of its page: a reader pastes them one after another into one session.
    $pasteCases = foreach ($group in $exampleCases | Group-Object { $_.Cmdlet }) {
        @{ Cmdlet = $group.Name; Lifecycle = $group.Group[0].Lifecycle; Codes = @($group.Group | ForEach-Object { $_.Code }); Titles = @($group.Group | ForEach-Object { $_.Title }) }
    }
    $docCases = foreach ($file in Get-ChildItem (Join-Path $repoRoot 'docs/cmdlets') -Filter '*.md') {
        @{ Name = $file.Name; Path = $file.FullName }
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
    $ModulePath = if ($env:KPOPS_MODULE_PATH) { $env:KPOPS_MODULE_PATH } else { Join-Path $RepoRoot 'out/KPops/KPops.psd1' }
    $ModulePath = (Resolve-Path $ModulePath).ProviderPath
    $Module = Import-Module $ModulePath -PassThru
    $DocsPath = Join-Path $RepoRoot 'docs/cmdlets'
    $ExamplesPath = Join-Path $RepoRoot 'examples'
    $UpdateScript = Join-Path $RepoRoot 'tools/Update-CmdletDocs.ps1'
    $CommonParameters = [System.Management.Automation.Cmdlet]::CommonParameters

    # The type name as help shows it: String[], SwitchParameter, Dictionary[String,Int32].
    function Get-TypeDisplayName([type] $Type) {
        if ($Type.IsArray) { return (Get-TypeDisplayName $Type.GetElementType()) + '[]' }
        if ([Nullable]::GetUnderlyingType($Type)) { return Get-TypeDisplayName ([Nullable]::GetUnderlyingType($Type)) }
        if ($Type.IsGenericType) {
            return $Type.Name.Substring(0, $Type.Name.IndexOf('`')) + '[' + (($Type.GetGenericArguments() | ForEach-Object { Get-TypeDisplayName $_ }) -join ',') + ']'
        }
        $Type.Name
    }

    # One line per parameter set, "-Name:Type" with "!" for mandatory and "@N" for positional, sorted, so that
    # Get-Command and the MAML's syntax items can be compared whatever order either lists them in.
    function Format-SyntaxKey([object[]] $Parameters) {
        $tokens = foreach ($p in $Parameters) {
            $position = if ($p.Position -match '^\d+$') { [int]$p.Position } else { $null }
            [pscustomobject]@{
                Sort  = if ($null -ne $position) { '{0:D3}' -f $position } else { 'zzz' + $p.Name.ToLowerInvariant() }
                Token = "-$($p.Name):$($p.Type)$(if ($p.Mandatory) { '!' })$(if ($null -ne $position) { "@$position" })"
            }
        }
        (@($tokens | Sort-Object Sort | ForEach-Object Token) -join ' ')
    }

    function Get-CommandSyntaxKeys([string] $Name) {
        $keys = foreach ($set in (Get-Command $Name -Module $Module.Name).ParameterSets) {
            Format-SyntaxKey @($set.Parameters | Where-Object { $_.Name -notin $CommonParameters } | ForEach-Object {
                    [pscustomobject]@{ Name = $_.Name; Type = Get-TypeDisplayName $_.ParameterType; Mandatory = $_.IsMandatory; Position = if ($_.Position -ge 0) { "$($_.Position)" } else { 'named' } }
                })
        }
        @($keys | Sort-Object)
    }

    function Get-HelpSyntaxKeys([string] $Name) {
        $keys = foreach ($item in @((Get-Help $Name -Full).syntax.syntaxItem)) {
            Format-SyntaxKey @(@($item.parameter) | Where-Object { $_ } | ForEach-Object {
                    [pscustomobject]@{ Name = $_.name; Type = $_.type.name; Mandatory = $_.required -eq 'true'; Position = $_.position }
                })
        }
        @($keys | Sort-Object)
    }

    # The syntax lines of a page's SYNTAX section.
    function Get-PageSyntaxLines([string] $Path) {
        $inSection = $false; $inFence = $false
        foreach ($line in Get-Content $Path) {
            if ($line -match '^## ') { $inSection = $line -eq '## SYNTAX'; continue }
            if (-not $inSection) { continue }
            if ($line -match '^```') { $inFence = -not $inFence; continue }
            if ($inFence -and $line.Trim()) { $line.Trim() }
        }
    }

    function Copy-Docs {
        $target = Join-Path $TestDrive ([guid]::NewGuid())
        Copy-Item $DocsPath $target -Recurse
        $target
    }

    function Invoke-UpdateDocs([string] $Path) {
        $warnings = @()
        & $UpdateScript -ModulePath $ModulePath -DocsPath $Path -WarningVariable warnings -WarningAction SilentlyContinue 6>$null | Out-Null
        $warnings
    }

    # The HelpGen tool as build.ps1 builds it (any configuration; the newest build wins).
    function Invoke-HelpGen([string] $Docs) {
        $dll = Get-ChildItem (Join-Path $RepoRoot 'tools/HelpGen/bin') -Recurse -Filter 'HelpGen.dll' -ErrorAction SilentlyContinue |
            Sort-Object LastWriteTime -Descending | Select-Object -First 1
        if (-not $dll) { throw 'tools/HelpGen is not built; run build.ps1 Build first.' }
        $output = & dotnet $dll.FullName $Docs (Join-Path $TestDrive "$([guid]::NewGuid())/KPops.dll-Help.xml") 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | ForEach-Object { "$_" }) -join "`n" }
    }
}

Describe 'Help of <Name>' -ForEach $cmdletCases {
    BeforeAll {
        $help = Get-Help $Name -Full
        $page = Join-Path $DocsPath "$Name.md"
    }

    It 'has a page in docs/cmdlets' {
        $page | Should -Exist
    }

    It 'has a synopsis from the page, not a placeholder' {
        # Without MAML, Get-Help makes up a synopsis from the syntax; details.description only comes from MAML.
        $synopsis = ($help.details.description.Text -join ' ').Trim()
        $synopsis | Should -Not -BeNullOrEmpty -Because 'the MAML has no synopsis for this cmdlet'
        $synopsis | Should -Not -Match '\{\{'
    }

    It 'has a description that is not a placeholder' {
        $description = ($help.description.Text -join "`n").Trim()
        $description | Should -Not -BeNullOrEmpty
        $description | Should -Not -Match '\{\{'
        $description.Length | Should -BeGreaterThan 80 -Because 'a description explains more than the synopsis'
    }

    It 'has at least one example with code' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 1
        foreach ($example in $examples) {
            $example.code | Should -Not -BeNullOrEmpty
            $example.code | Should -Not -Match '\{\{'
        }
    }

    It 'describes -<_>' -ForEach $Parameters {
        $text = ((Get-Help $Name -Parameter $_).description.Text -join "`n").Trim()
        $text | Should -Not -BeNullOrEmpty -Because "-$_ needs a description in $Name.md"
        $text | Should -Not -Match '\{\{'
    }

    It 'shows the parameter sets of Get-Command in its syntax (names, types, mandatory, positions)' {
        $fromHelp = (Get-HelpSyntaxKeys $Name) -join "`n"
        $fromCommand = (Get-CommandSyntaxKeys $Name) -join "`n"
        $fromHelp | Should -Be $fromCommand -Because 'the help syntax must match the cmdlet: run build.ps1 UpdateDocs, then build.ps1 Build'
    }

    It 'has the syntax lines of Get-Command -Syntax in its page' {
        $expected = @((Get-Command $Name -Syntax) -split "`r?`n" | Where-Object { $_.Trim() } | ForEach-Object Trim)
        @(Get-PageSyntaxLines $page) | Should -Be $expected -Because 'run build.ps1 UpdateDocs'
    }

    It 'names the [OutputType] types as outputs' {
        $outputs = @($help.returnValues.returnValue | ForEach-Object { $_.type.name })
        $declared = @((Get-Command $Name -Module $Module.Name).OutputType.Name | Where-Object { $_ -ne 'System.Void' })
        if ($declared.Count -eq 0) { $declared = @('None') }
        foreach ($type in $declared) { $outputs | Should -Contain $type }
    }

    It 'names the types of its pipeline-bound parameters as inputs' {
        $inputs = @($help.inputTypes.inputType | ForEach-Object { $_.type.name })
        $bound = @((Get-Command $Name -Module $Module.Name).Parameters.Values | Where-Object {
                $_.ParameterSets.Values | Where-Object { $_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName }
            } | ForEach-Object { $_.ParameterType.FullName } | Select-Object -Unique)
        if ($bound.Count -eq 0) { $bound = @('None') }
        foreach ($type in $bound) { $inputs | Should -Contain $type }
    }

    It 'has related links' {
        @($help.relatedLinks.navigationLink).Count | Should -BeGreaterOrEqual 1
    }
}

Describe 'Examples of the help' -ForEach @(@{ WorldNeeded = $worldNeeded }) {
    BeforeAll {
        # One test world for all examples of the lifecycle cmdlets (helm 4), reset before each of them.
        if ($WorldNeeded) {
            Import-Module (Join-Path $RepoRoot 'tests/TestWorld.Host/TestWorldHost.psm1') -Force
            $World = Start-TestWorld -Helm 4
        }
    }

    AfterAll {
        if ($World) { $World.Stop() }
    }

    Describe 'Example "<Title>" of <Cmdlet>' -ForEach $exampleCases {
        It 'runs without errors in the examples folder' {
            # A fresh runspace per example (custom types are per runspace) in a copy of examples/ (examples write files).
            $workspace = Join-Path $TestDrive ([guid]::NewGuid())
            Copy-Item $ExamplesPath $workspace -Recurse
            $saved = Get-ChildItem Env: | Where-Object Name -like 'KPOPS_*' | ForEach-Object { @{ Name = $_.Name; Value = $_.Value } }
            # Lifecycle examples run unchanged against the world: its endpoints and charts (-Environment demo by KPOPS_ENVIRONMENT).
            $savedWorld = if ($Lifecycle) {
                $World.Reset()
                Set-TestWorldEnvironment $World -Additional @{ KPOPS_ENVIRONMENT = 'demo' }
            }
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddCommand('Import-Module').AddParameter('Name', $ModulePath).AddStatement().
                    AddCommand('Set-Location').AddParameter('LiteralPath', $workspace).AddStatement().
                    AddScript($Code).AddCommand('Out-Null')
                $ps.Invoke()
                $errors = @($ps.Streams.Error | ForEach-Object { "$_" })
                $errors -join "`n" | Should -BeNullOrEmpty -Because "the example's code must run as shown in the help"
            }
            finally {
                $ps.Dispose()
                if ($savedWorld) { Restore-EnvironmentVariable $savedWorld }
                Get-ChildItem Env: | Where-Object Name -like 'KPOPS_*' | ForEach-Object { Remove-Item "Env:$($_.Name)" }
                foreach ($variable in $saved) { Set-Item "Env:$($variable.Name)" $variable.Value }
            }
        }
    }
}

Describe 'Examples of the help pasted in order' -ForEach @(@{ WorldNeeded = $worldNeeded }) {
    BeforeAll {
        if ($WorldNeeded) {
            Import-Module (Join-Path $RepoRoot 'tests/TestWorld.Host/TestWorldHost.psm1') -Force
            $World = Start-TestWorld -Helm 4
        }
    }

    AfterAll {
        if ($World) { $World.Stop() }
    }

    It 'runs every example of <Cmdlet> one after another in one session, leaving its variables as they were' -ForEach $pasteCases {
        # One runspace and one copy of examples/ for all examples of the page, as a reader who pastes them in turn.
        $workspace = Join-Path $TestDrive ([guid]::NewGuid())
        Copy-Item $ExamplesPath $workspace -Recurse
        $additional = if ($Lifecycle) { @{ KPOPS_ENVIRONMENT = 'demo' } } else { @{} }
        $saved = if ($World) { $World.Reset(); Set-TestWorldEnvironment $World -Additional $additional }
        $before = @(Get-ChildItem Env: | ForEach-Object { "$($_.Name)=$($_.Value)" } | Sort-Object)
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', $ModulePath).AddStatement().
                AddCommand('Set-Location').AddParameter('LiteralPath', $workspace)
            $ps.Invoke()
            for ($i = 0; $i -lt $Codes.Count; $i++) {
                $ps.Commands.Clear()
                $null = $ps.AddScript($Codes[$i]).AddCommand('Out-Null')
                $ps.Invoke()
                $errors = @($ps.Streams.Error | ForEach-Object { "$_" })
                $errors -join "`n" | Should -BeNullOrEmpty -Because "$($Titles[$i]) must run after the examples before it"
            }
            $after = @(Get-ChildItem Env: | ForEach-Object { "$($_.Name)=$($_.Value)" } | Sort-Object)
            Compare-Object $before $after | ForEach-Object { "$($_.SideIndicator) $($_.InputObject)" } | Should -BeNullOrEmpty -Because 'examples must not change the variables of the session they are pasted into'
        }
        finally {
            $ps.Dispose()
            Get-ChildItem Env: | Where-Object { "$($_.Name)=$($_.Value)" -notin $before } | ForEach-Object { Remove-Item "Env:$($_.Name)" }
            foreach ($entry in $before) { $name, $value = $entry -split '=', 2; if ($value) { Set-Item "Env:$name" $value } }
            if ($saved) { Restore-EnvironmentVariable $saved }
        }
    }
}

Describe 'docs/cmdlets' {
    It '<Name> has no {{ ... }} fill-in markers' -ForEach $docCases {
        $markers = Select-String -Path $Path -Pattern '{{' -SimpleMatch | ForEach-Object { "line $($_.LineNumber): $($_.Line.Trim())" }
        $markers -join "`n" | Should -BeNullOrEmpty -Because 'pages created by Update-CmdletDocs mark what still has to be written'
    }

    It 'documents only exported cmdlets, besides the module page' {
        $pages = Get-ChildItem $DocsPath -Filter '*.md' | Where-Object BaseName -ne $Module.Name | ForEach-Object BaseName | Sort-Object
        $pages | Should -Be @($Module.ExportedCmdlets.Keys | Sort-Object)
    }

    It 'has a module page with the manifest GUID and every cmdlet' {
        $modulePage = Get-Content (Join-Path $DocsPath "$($Module.Name).md") -Raw
        $modulePage | Should -Match "(?m)^Module Guid: $($Module.Guid)$"
        foreach ($name in $Module.ExportedCmdlets.Keys) { $modulePage | Should -Match "### \[$name\]\($name\.md\)" }
    }

    It 'is what Update-CmdletDocs writes for the built cmdlets' {
        $copy = Copy-Docs
        Invoke-UpdateDocs $copy | Out-Null
        foreach ($file in Get-ChildItem $DocsPath -Filter '*.md') {
            $updated = Get-Content (Join-Path $copy $file.Name) -Raw
            $updated | Should -BeExactly (Get-Content $file.FullName -Raw) -Because "$($file.Name) must be up to date: run build.ps1 UpdateDocs"
        }
    }
}

Describe 'Update-CmdletDocs' {
    It 'creates a missing page with the syntax of the cmdlet and fill-in markers' {
        $copy = Copy-Docs
        Remove-Item (Join-Path $copy 'Get-KPopsSchema.md')
        Invoke-UpdateDocs $copy | Out-Null
        $page = Join-Path $copy 'Get-KPopsSchema.md'
        $page | Should -Exist
        $text = Get-Content $page -Raw
        $text | Should -Match '\{\{ Fill in the Synopsis \}\}'
        $text | Should -Match '\{\{ Fill For Description \}\}'
        $text | Should -Match 'Accepted values: Pipeline, Defaults, Config'
        @(Get-PageSyntaxLines $page) | Should -Be @((Get-Command Get-KPopsSchema -Syntax) -split "`r?`n" | Where-Object { $_.Trim() } | ForEach-Object Trim)
    }

    It 'keeps the prose, rewrites the yaml blocks, adds missing parameters and removes unknown ones' {
        $copy = Copy-Docs
        $page = Join-Path $copy 'Get-KPopsSchema.md'
        $text = Get-Content $page -Raw
        # -BaseDirectory's entry goes, a stale -Kind entry comes, and -For's block claims the wrong facts.
        $text = $text -replace '(?s)### -BaseDirectory.*?(?=### CommonParameters)', ''
        $stale = @'
### -Kind
Removed long ago.

```yaml
Type: String
```

### CommonParameters
'@
        $text = $text.Replace('### CommonParameters', $stale.Replace("`r`n", "`n"))
        $text = $text -replace '(?s)(### -For.*?)Required: True(.*?)Position: 0', '$1Required: False$2Position: Named'
        Set-Content $page $text -NoNewline
        $warnings = Invoke-UpdateDocs $copy

        $updated = Get-Content $page -Raw
        $updated | Should -Match 'Which files the schema describes'
        $updated | Should -Match '(?s)### -For.*?Required: True.*?Position: 0'
        $updated | Should -Match '### -BaseDirectory'
        $updated | Should -Not -Match '### -Kind'
        ($warnings -join "`n") | Should -Match 'added -BaseDirectory'
        ($warnings -join "`n") | Should -Match 'removed -Kind'
    }

    It 'leaves no markers in existing pages' {
        $copy = Copy-Docs
        $page = Join-Path $copy 'Get-KPopsSchema.md'
        (Get-Content $page -Raw) -replace '(?s)### -BaseDirectory.*?(?=### CommonParameters)', '' | Set-Content $page -NoNewline
        Invoke-UpdateDocs $copy | Out-Null
        Get-Content $page -Raw | Should -Not -Match '\{\{'
    }
}

Describe 'HelpGen' {
    It 'turns the docs into MAML' {
        $result = Invoke-HelpGen $DocsPath
        $result.ExitCode | Should -Be 0 -Because $result.Output
    }

    It 'reports a page without SYNOPSIS with its file and line' {
        $copy = Copy-Docs
        $page = Join-Path $copy 'Get-KPopsSchema.md'
        (Get-Content $page -Raw) -replace '(?s)## SYNOPSIS.*?(?=## SYNTAX)', '' | Set-Content $page -NoNewline
        $result = Invoke-HelpGen $copy
        $result.ExitCode | Should -Be 1
        $result.Output | Should -Match ([regex]::Escape($page) + ":\d+: error: the page has no '## SYNOPSIS' section")
    }

    It 'reports a parameter without its yaml block' {
        $copy = Copy-Docs
        $page = Join-Path $copy 'New-KPopsProject.md'
        (Get-Content $page -Raw) -replace '(?s)(### -Force\n.*?)```yaml.*?```\n', '$1' | Set-Content $page -NoNewline
        $result = Invoke-HelpGen $copy
        $result.ExitCode | Should -Be 1
        $result.Output | Should -Match ([regex]::Escape($page) + ':\d+: error: -Force has no yaml block')
    }

    It 'reports a yaml block that disagrees with the syntax line' {
        $copy = Copy-Docs
        $page = Join-Path $copy 'Get-KPopsSchema.md'
        (Get-Content $page -Raw) -replace '(?s)(### -For.*?)Required: True', '$1Required: False' | Set-Content $page -NoNewline
        $result = Invoke-HelpGen $copy
        $result.ExitCode | Should -Be 1
        $result.Output | Should -Match ([regex]::Escape($page) + ":\d+: error: -For: 'Required: False' disagrees with the syntax")
    }

    It 'reports an unknown key in a yaml block' {
        $copy = Copy-Docs
        $page = Join-Path $copy 'Get-KPopsSchema.md'
        (Get-Content $page -Raw) -replace 'Accept wildcard characters: False', "Accept wildcard characters: False`nColour: blue" | Set-Content $page -NoNewline
        $result = Invoke-HelpGen $copy
        $result.ExitCode | Should -Be 1
        $result.Output | Should -Match ([regex]::Escape($page) + ":\d+: error: -\w+: unknown key 'Colour'")
    }
}

Describe 'about_KPops' {
    It 'is shown by Get-Help' {
        $text = Get-Help about_KPops | Out-String
        $text | Should -Match 'about_KPops'
        $text | Should -Match 'SHORT DESCRIPTION'
    }

    It 'names every exported cmdlet' {
        $text = Get-Help about_KPops | Out-String
        foreach ($name in $Module.ExportedCmdlets.Keys) { $text | Should -Match "(?m)^\s+$name\b" -Because "about_KPops lists $name" }
    }

    It 'has the section <_>' -ForEach @('CMDLETS', 'LIFECYCLE', 'ENVIRONMENTS', 'ERRORS', 'SCHEDULED JOBS') {
        Get-Help about_KPops | Out-String | Should -Match "(?m)^\s*$_\s*$"
    }

    It 'sends readers to about_KPops_Errors for the ErrorIds' {
        $text = Get-Help about_KPops | Out-String
        $text | Should -Match 'ERRORS'
        $text | Should -Match 'about_KPops_Errors lists every ErrorId'
    }
}

Describe 'about_KPops_Errors' {
    It 'is shown by Get-Help and explains the ErrorIds' {
        $text = Get-Help about_KPops_Errors | Out-String
        $text | Should -Match 'about_KPops_Errors'
        $text | Should -Match 'TopicMismatch'
        $text | Should -Match 'Fix:'
    }
}
