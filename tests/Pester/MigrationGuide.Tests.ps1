#Requires -Version 7.4
<#
    docs/migrating-from-kpops.md: every fenced powershell block runs, as written, against a test world (helm 4) in a
    copy of the examples folder with KPOPS_ENVIRONMENT=demo, so the guide cannot go stale; and the guide names every
    kpops command and option next to what replaces it.
#>

BeforeDiscovery {
    $repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
    $guide = Join-Path $repoRoot 'docs/migrating-from-kpops.md'
    $blockCases = @()
    $lines = @(Get-Content $guide)
    $inBlock = $false; $code = $null; $start = 0; $heading = ''
    for ($i = 0; $i -lt $lines.Count; $i++) {
        $line = $lines[$i]
        if (-not $inBlock -and $line -match '^#{2,3} (.+)$') { $heading = $Matches[1] }
        if (-not $inBlock -and $line -eq '```powershell') { $inBlock = $true; $code = [System.Text.StringBuilder]::new(); $start = $i + 2; continue }
        if ($inBlock -and $line -eq '```') {
            $inBlock = $false
            $blockCases += @{ Line = $start; Section = $heading; Code = $code.ToString() }
            continue
        }
        if ($inBlock) { [void] $code.AppendLine($line) }
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepositoryRoot) 'tests/TestWorld.Host/TestWorldHost.psm1') -Force
    $RepoRoot = Get-RepositoryRoot
    $ModulePath = (Resolve-Path (Get-KPopsModulePath)).ProviderPath
    $Guide = Get-Content (Join-Path $RepoRoot 'docs/migrating-from-kpops.md') -Raw
    $ExamplesPath = Join-Path $RepoRoot 'examples'
}

Describe 'docs/migrating-from-kpops.md' {
    It 'has powershell blocks to run' -ForEach @(@{ Count = $blockCases.Count }) {
        $Count | Should -BeGreaterOrEqual 10
    }

    It 'maps the kpops command <_>' -ForEach @('generate', 'deploy', 'destroy', 'reset', 'clean', 'manifest', 'schema', 'init') {
        $Guide | Should -Match "\| ``kpops $_"
    }

    It 'maps the kpops option <_>' -ForEach @('--dry-run', '--execute', '--steps', '--filter-type', '--environment', '--config', '--dotenv', '--operation-mode', '--parallel', '--verbose') {
        $Guide | Should -Match "\| ``$_"
    }

    It 'names the cmdlet <_>' -ForEach @('Get-KPopsComponent', 'ConvertTo-KPopsYaml', 'Invoke-KPopsDeploy', 'Invoke-KPopsDestroy', 'Reset-KPopsPipeline', 'Clear-KPopsPipeline', 'Get-KPopsManifest', 'Get-KPopsSchema', 'New-KPopsProject', 'Get-KPopsComponentType') {
        $Guide | Should -Match ([regex]::Escape($_))
    }

    It 'lists the variable <_>' -ForEach @('KPOPS_PIPELINE_PATHS', 'KPOPS_CONFIG_PATH', 'KPOPS_DOTENV_PATH', 'KPOPS_ENVIRONMENT', 'KPOPS_PIPELINE_STEPS', 'KPOPS_OPERATION_MODE') {
        $Guide | Should -Match "\| ``$_``"
    }

    It 'is linked from the README and about_KPops' {
        Get-Content (Join-Path $RepoRoot 'README.md') -Raw | Should -Match 'docs/migrating-from-kpops\.md'
        Get-Content (Join-Path $RepoRoot 'module/about_KPops.help.txt') -Raw | Should -Match 'migrating-from-kpops\.md'
    }
}

Describe 'Commands of docs/migrating-from-kpops.md against the test world (helm 4)' -Tag Lifecycle {
    BeforeAll {
        $World = Start-TestWorld -Helm 4
    }

    AfterAll {
        if ($World) { $World.Stop() }
    }

    It 'runs the block at line <Line> (<Section>)' -ForEach $blockCases {
        # A fresh world, runspace and copy of the examples per block: each block stands on its own, as a reader
        # would paste it.
        $World.Reset()
        $workspace = Join-Path $TestDrive ([guid]::NewGuid())
        Copy-Item $ExamplesPath $workspace -Recurse
        $saved = Set-TestWorldEnvironment $World -Additional @{
            KPOPS_ENVIRONMENT = 'demo'
            # Blocks import the module by name, as users do.
            PSModulePath      = (Split-Path (Split-Path $ModulePath)) + [IO.Path]::PathSeparator + $env:PSModulePath
        }
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', $ModulePath).AddStatement().
                AddCommand('Set-Location').AddParameter('LiteralPath', $workspace).AddStatement().
                AddScript($Code).AddCommand('Out-Null')
            $ps.Invoke()
            $errors = @($ps.Streams.Error | ForEach-Object { "$_" })
            $errors -join "`n" | Should -BeNullOrEmpty -Because "the block at line $Line of the guide must run as written"
            $ps.HadErrors | Should -BeFalse
        }
        finally {
            $ps.Dispose()
            Restore-EnvironmentVariable $saved
        }
    }
}
