#Requires -Version 7.4
<#
    How the KPops cmdlets bind what is piped to them: strings to -Path by value (as Get-Item), file objects to
    -LiteralPath by their PSPath, component objects to -InputObject whatever $PSDefaultParameterValues holds; a
    component property never binds to -Path. Also what the objects look like to ConvertTo-Json and Export-Csv, the
    warning for a config folder without config.yaml, and an unknown -KubeContext stopping a run before it starts.
    None of this needs a cluster.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-KPopsModulePath) -Force

    # A kubeconfig with one context, 'known', whose server nothing listens on.
    function New-Kubeconfig([string] $Path) {
        Set-Content -Path $Path -Value @'
apiVersion: v1
kind: Config
clusters:
- name: nowhere
  cluster: {server: "https://127.0.0.1:9"}
contexts:
- name: known
  context: {cluster: nowhere, user: someone}
current-context: known
users:
- name: someone
  user: {token: not-a-secret}
'@
        $Path
    }
}

Describe 'Pipeline input binding' {
    BeforeEach {
        $root = Join-Path $TestDrive ([guid]::NewGuid())
        New-Item -ItemType Directory $root | Out-Null
        $project = New-TestProject -Root $root
        Push-Location $root
        $savedDefaults = $PSDefaultParameterValues.Clone()
    }
    AfterEach {
        $global:PSDefaultParameterValues.Clear()
        foreach ($key in $savedDefaults.Keys) { $global:PSDefaultParameterValues[$key] = $savedDefaults[$key] }
        Pop-Location
    }

    It 'binds piped strings to -Path, as Get-Item does' {
        @('demo' | Get-KPopsComponent).Name | Should -Be @('producer', 'app', 'sink')
        @('demo' | ConvertTo-KPopsYaml) | Should -Not -BeNullOrEmpty
    }

    It 'binds file objects by their PSPath, taken literally' {
        @(Get-Item demo/pipeline.yaml | Get-KPopsComponent).Name | Should -Be @('producer', 'app', 'sink')
        @(Get-ChildItem -Recurse -Filter pipeline.yaml | Get-KPopsComponent).Name | Should -Be @('producer', 'app', 'sink')
        # [ and ] are wildcards for -Path; -LiteralPath and piped files take them as written.
        $odd = Join-Path $root 'demo/pipeline[1].yaml'
        Copy-Item -LiteralPath (Join-Path $root 'demo/pipeline.yaml') -Destination $odd
        @(Get-Item -LiteralPath $odd | Get-KPopsComponent).Count | Should -Be 3
        @(Get-KPopsComponent -LiteralPath $odd).Count | Should -Be 3
        (Get-Command Get-KPopsComponent).Parameters['LiteralPath'].Aliases | Should -Contain 'PSPath'
    }

    It 'has no alias through which a component property binds to -Path' {
        foreach ($name in 'Get-KPopsComponent', 'Invoke-KPopsDeploy', 'Get-KPopsStatus', 'Get-KPopsGraph', 'ConvertTo-KPopsYaml') {
            $aliases = (Get-Command $name).Parameters['Path'].Aliases
            $component = Get-KPopsComponent demo | Select-Object -First 1
            foreach ($alias in $aliases) { $component.PSObject.Properties.Name | Should -Not -Contain $alias -Because "$name -Path alias $alias" }
        }
    }

    It 'binds piped components with a default -Environment in $PSDefaultParameterValues' {
        Set-Content (Join-Path $root 'config_prod.yaml') 'kafka_brokers: prod-kafka:9092'
        $global:PSDefaultParameterValues['*-KPops*:Environment'] = 'prod'
        $components = @(Get-KPopsComponent demo)
        $components.Name | Should -Be @('producer', 'app', 'sink')
        $yaml = $components | ConvertTo-KPopsYaml
        $yaml | Should -Match 'name: sink'
        $yaml | Should -Match 'prod-kafka:9092'
        ($components | Get-KPopsGraph -Format Mermaid) | Should -Match 'sink'
        # The deploy binds the components too: it gets as far as checking the cluster, not as far as a FileNotFound.
        $kubeconfig = New-Kubeconfig (Join-Path $root 'kubeconfig')
        { $components | Invoke-KPopsDeploy -KubeContext missing -Kubeconfig $kubeconfig -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'KubeContextNotFound*'
    }
}

Describe 'The target cluster, checked before a run' {
    BeforeAll {
        $root = Join-Path $TestDrive 'target'
        New-Item -ItemType Directory $root | Out-Null
        New-TestProject -Root $root | Out-Null
        $Kubeconfig = New-Kubeconfig (Join-Path $root 'kubeconfig')
        Push-Location $root
    }
    AfterAll { Pop-Location }

    It 'stops <Command> with KubeContextNotFound, naming the contexts there are' -ForEach @(
        @{ Command = 'Invoke-KPopsDeploy' }, @{ Command = 'Invoke-KPopsDestroy' }, @{ Command = 'Reset-KPopsPipeline' },
        @{ Command = 'Clear-KPopsPipeline' }, @{ Command = 'Get-KPopsStatus' }, @{ Command = 'Get-KPopsManifest' }
    ) {
        $parameters = @{ Path = 'demo'; KubeContext = 'no-such-context'; Kubeconfig = $Kubeconfig; ErrorAction = 'Stop' }
        if ((Get-Command $Command).Parameters.ContainsKey('Confirm')) { $parameters.Confirm = $false }
        $failure = $null
        try { & $Command @parameters } catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty
        $failure.FullyQualifiedErrorId | Should -BeLike 'KubeContextNotFound*'
        $failure.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failure.Exception.Message | Should -Match "'no-such-context'"
        $failure.Exception.Message | Should -Match 'known'
        $failure.Exception.Message | Should -Not -Match 'not-a-secret'
    }

    It 'says so when the kubeconfig given does not exist' {
        { Invoke-KPopsDeploy demo -KubeContext known -Kubeconfig (Join-Path $root 'absent') -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'KubeContextNotFound*' -ExpectedMessage '*does not exist*'
    }
}

Describe 'Objects in JSON and CSV' {
    BeforeAll {
        $root = Join-Path $TestDrive 'json'
        New-Item -ItemType Directory $root | Out-Null
        New-TestProject -Root $root | Out-Null
        Push-Location $root
        $Components = @(Get-KPopsComponent demo)
    }
    AfterAll { Pop-Location }

    It 'writes a component to JSON small, with its kind as a word' {
        $json = $Components[1] | ConvertTo-Json -Depth 10 -WarningAction SilentlyContinue
        $json.Length | Should -BeLessThan 20000 -Because 'no back-reference to the pipeline is serialised'
        $json | Should -Match '"Kind": "StreamsApp"'
        $json | Should -Not -Match '"Pipeline": \{'
    }

    It 'writes words to CSV, not .NET type names, and the keys of values only' {
        $text = ($Components | ConvertTo-Csv) -join "`n"
        $text | Should -Not -Match 'System\.'
        $csv = $text | ConvertFrom-Csv
        $csv[1].Kind | Should -Be 'StreamsApp'
        $csv[1].InputTopics | Should -Be 'demo-producer'
        $csv[1].Topics | Should -Be 'demo-app, demo-app-error'
        $csv[1].Values | Should -Match '^\d+ keys: .*image'
        $csv[1].Values | Should -Not -Match 'example/app'
    }
}

Describe 'A config folder without config.yaml' {
    BeforeAll {
        $root = Join-Path $TestDrive 'no-config'
        New-Item -ItemType Directory $root | Out-Null
        $project = New-TestProject -Root $root
        Remove-Item (Join-Path $root 'config.yaml')
        $Saved = Set-EnvironmentVariable @{ KPOPS_KAFKA_BROKERS = 'kafka:9092' }
    }
    AfterAll { Restore-EnvironmentVariable $Saved }

    It 'warns that the defaults are used' {
        Push-Location $root
        try { $components = @(Get-KPopsComponent demo -WarningVariable warnings -WarningAction SilentlyContinue) } finally { Pop-Location }
        $components.Count | Should -Be 3
        ($warnings -join "`n") | Should -Match 'No config\.yaml in .*: the default settings'
    }

    It 'does not warn when the folder has one' {
        $other = Join-Path $TestDrive 'with-config'
        New-TestProject -Root $other | Out-Null
        Push-Location $other
        try { $null = Get-KPopsComponent demo -WarningVariable warnings -WarningAction SilentlyContinue } finally { Pop-Location }
        ($warnings -join "`n") | Should -Not -Match 'No config\.yaml'
    }
}
