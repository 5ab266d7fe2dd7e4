BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $modulePath = Get-KPopsModulePath
    $oldYaml = Join-Path (Get-RepositoryRoot) '.tools/packages/yamldotnet/16.3.0/lib/net8.0/YamlDotNet.dll'
    $examples = Join-Path (Get-RepositoryRoot) 'examples'
}

Describe 'Assembly isolation' {
    It 'works when another module loaded an older YamlDotNet into the session first' {
        Test-Path $oldYaml | Should -BeTrue
        $script = @"
`$ErrorActionPreference = 'Stop'
Add-Type -Path '$oldYaml'
Import-Module '$modulePath'
Set-Location '$examples'
`$names = (Get-KPopsComponent word-count).Name -join ','
`$versions = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'YamlDotNet' } |
    ForEach-Object { "`$(`$_.GetName().Version)@`$([System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name)" }
"`$names|`$(`$versions -join ';')"
"@
        $output = & dotnet pwsh -NoProfile -NonInteractive -Command $script
        $LASTEXITCODE | Should -Be 0
        $names, $versions = ($output | Select-Object -Last 1) -split '\|'
        $names | Should -Be 'data-producer,word-count-app,redis-sink-connector'
        $versions | Should -Match '16\.0\.0\.0@Default'
        $versions | Should -Match '18\.0\.0\.0@KPops\.Dependencies'
    }

    It 'autoloads the cmdlets from PSModulePath without Import-Module' {
        $moduleRoot = Split-Path (Split-Path $modulePath)
        $script = "`$env:PSModulePath = '$moduleRoot' + [IO.Path]::PathSeparator + `$env:PSModulePath; Set-Location '$examples'; (Get-KPopsComponent word-count).Count"
        $output = & dotnet pwsh -NoProfile -NonInteractive -Command $script
        $output | Select-Object -Last 1 | Should -Be 3
    }

    It 'exports exactly the cmdlets of the manifest' {
        $manifest = Import-PowerShellDataFile $modulePath
        $module = Import-Module $modulePath -PassThru -Force
        $module.ExportedCmdlets.Keys | Sort-Object | Should -Be ($manifest.CmdletsToExport | Sort-Object)
        $module.ExportedFunctions.Count | Should -Be 0
    }
}
