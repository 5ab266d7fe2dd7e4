BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-KPopsModulePath) -Force
}

Describe 'Get-KPopsComponent' {
    BeforeEach {
        $root = Join-Path $TestDrive ([guid]::NewGuid())
        New-Item -ItemType Directory $root | Out-Null
        $project = New-TestProject -Root $root
        Push-Location $root
    }
    AfterEach { Pop-Location }

    It 'writes one component object per step, in pipeline order' {
        $components = Get-KPopsComponent demo
        $components.Name | Should -Be @('producer', 'app', 'sink')
        $components[0].GetType().FullName | Should -Be 'KPops.Engine.Model.Component'
    }

    It 'carries the typed properties a script needs' {
        $app = Get-KPopsComponent demo | Where-Object Name -eq app
        $app.Type | Should -Be 'streams-app'
        $app.FullName | Should -Be 'demo-app'
        $app.Namespace | Should -Be 'team-ns'
        $app.HelmReleaseName | Should -Be 'demo-app'
        $app.InputTopics | Should -Be @('demo-producer')
        $app.OutputTopic | Should -Be 'demo-app'
        $app.ErrorTopic | Should -Be 'demo-app-error'
        $app.Values.kafka.bootstrapServers | Should -Be 'kafka:9092'
        $app.PipelineName | Should -Be 'demo'
        $app.Source | Should -BeLike '*pipeline.yaml:6:3'
    }

    It 'weaves the streams app output into the sink connector config' {
        (Get-KPopsComponent demo -Steps sink).Config.topics | Should -Be 'demo-app'
    }

    It 'filters with -Steps wildcards after weaving, so wiring stays the same' {
        $app = Get-KPopsComponent demo -Steps 'a*'
        $app.Name | Should -Be 'app'
        $app.InputTopics | Should -Be @('demo-producer')
    }

    It 'leaves out components matching -Exclude' {
        (Get-KPopsComponent demo -Exclude 'sink', 'prod*').Name | Should -Be @('app')
    }

    It 'filters by -Type, matching base types of custom types too' {
        (Get-KPopsComponent demo -Type '*connector').Name | Should -Be @('sink')
        (Get-KPopsComponent demo -Type streams-bootstrap).Name | Should -Be @('producer', 'app')
    }

    It 'accepts pipeline files and folders from the pipeline by property name' {
        $names = [pscustomobject]@{ Path = (Join-Path $project 'pipeline.yaml') } | Get-KPopsComponent
        $names.Count | Should -Be 3
        (Get-Item $project | Get-KPopsComponent).Count | Should -Be 3
    }

    It 'reads KPOPS_* variables over config.yaml' {
        $env:KPOPS_KAFKA_BROKERS = 'other:9092'
        try { (Get-KPopsComponent demo -Steps app).Values.kafka.bootstrapServers | Should -Be 'other:9092' }
        finally { Remove-Item Env:KPOPS_KAFKA_BROKERS }
    }

    It 'applies the environment files with -Environment' {
        Set-Content (Join-Path $project 'pipeline_prod.yaml') "- type: streams-app`n  name: app`n  values:`n    replicaCount: 3`n- type: kafka-sink-connector`n  name: sink`n  enabled: false"
        Set-Content (Join-Path $project 'defaults_prod.yaml') "kubernetes-app:`n  namespace: prod-ns"
        $components = Get-KPopsComponent demo -Environment prod
        $components.Name | Should -Be @('producer', 'app')
        $components[1].Values.replicaCount | Should -Be 3
        $components[1].Namespace | Should -Be 'prod-ns'
    }

    It 'makes dotenv values available as ${VAR} and as settings' {
        Set-Content (Join-Path $root 'test.env') "TEAM=blue`nKPOPS_KAFKA_BROKERS=fromdotenv:9092"
        Set-Content (Join-Path $project 'defaults.yaml') "kubernetes-app:`n  namespace: `${TEAM}-ns"
        Set-Content (Join-Path $root 'config.yaml') "pipeline_base_dir: ."
        $app = Get-KPopsComponent demo -DotEnv test.env -Steps app
        $app.Namespace | Should -Be 'blue-ns'
        $app.Values.kafka.bootstrapServers | Should -Be 'fromdotenv:9092'
    }
}

Describe 'Get-KPopsComponent errors' {
    BeforeEach {
        $root = Join-Path $TestDrive ([guid]::NewGuid())
        New-Item -ItemType Directory $root | Out-Null
        Push-Location $root
    }
    AfterEach { Pop-Location }

    It 'reports <Case> as <ErrorId> with file and line' -ForEach @(
        @{ Case = 'malformed YAML'; ErrorId = 'YamlSyntax'; Pipeline = "- type: streams-app`n  name: x`n  values: image: i"; Line = 3 }
        @{ Case = 'an unknown type'; ErrorId = 'UnknownComponentType'; Pipeline = "- type: stream-app`n  name: x"; Line = 1 }
        @{ Case = 'a missing image'; ErrorId = 'MissingField'; Pipeline = "- type: streams-app`n  name: x`n  values: {}"; Line = 3 }
        @{ Case = 'a wrong type'; ErrorId = 'InvalidFieldType'; Pipeline = "- type: streams-app`n  name: x`n  values:`n    image: i`n  to:`n    topics:`n      t:`n        partitions_count: many"; Line = 8 }
        @{ Case = 'an unknown topic field'; ErrorId = 'UnknownField'; Pipeline = "- type: streams-app`n  name: x`n  values:`n    image: i`n  to:`n    topics:`n      t:`n        partition_count: 3"; Line = 8 }
        @{ Case = 'duplicate names'; ErrorId = 'DuplicateComponentName'; Pipeline = "- type: streams-app`n  name: x`n  values: {image: i}`n- type: streams-app`n  name: x`n  values: {image: i}"; Line = 4 }
        @{ Case = 'an invalid Kubernetes name'; ErrorId = 'InvalidKubernetesName'; Pipeline = "- type: streams-app`n  name: Bad_Name`n  values: {image: i}"; Line = 2 }
    ) {
        $dir = New-TestProject -Root $root -Pipeline $Pipeline -Defaults "kubernetes-app:`n  namespace: ns"
        $errors = @()
        $result = Get-KPopsComponent demo -ErrorVariable errors -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $errors.Count | Should -BeGreaterThan 0
        $errors[0].FullyQualifiedErrorId | Should -Be "$ErrorId,KPops.PowerShell.Commands.GetKPopsComponentCommand"
        $errors[0].Exception.File | Should -Be (Join-Path $dir 'pipeline.yaml')
        $errors[0].Exception.Line | Should -Be $Line
        $errors[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
    }

    It 'reports every problem of a pipeline, not only the first' {
        New-TestProject -Root $root -Pipeline "- type: streams-app`n  name: a`n  values: {}`n- type: nope`n  name: b" -Defaults "kubernetes-app:`n  namespace: ns" | Out-Null
        $errors = @()
        Get-KPopsComponent demo -ErrorVariable errors -ErrorAction SilentlyContinue | Out-Null
        $errors.FullyQualifiedErrorId | ForEach-Object { ($_ -split ',')[0] } | Sort-Object | Should -Be @('MissingField', 'UnknownComponentType')
    }

    It 'stops with an error (that -ErrorAction Stop makes terminating) when the path does not exist' {
        { Get-KPopsComponent ./missing -ErrorAction Stop } | Should -Throw -ErrorId 'FileNotFound,KPops.PowerShell.Commands.GetKPopsComponentCommand'
    }

    It 'stops when kafka_brokers is not configured, saying how to set it' {
        New-TestProject -Root $root -Config 'pipeline_base_dir: .' | Out-Null
        $err = { Get-KPopsComponent demo -ErrorAction Stop } | Should -Throw -ErrorId 'ConfigInvalid,KPops.PowerShell.Commands.GetKPopsComponentCommand' -PassThru
        $err.ErrorDetails.RecommendedAction | Should -BeLike '*KPOPS_KAFKA_BROKERS*'
    }

    It 'still writes the components of a valid pipeline when another one fails' {
        New-TestProject -Root $root | Out-Null
        New-TestProject -Root $root -Name broken -Pipeline '- type: nope' | Out-Null
        $components = Get-KPopsComponent demo, broken -ErrorVariable errors -ErrorAction SilentlyContinue
        $components.Count | Should -Be 3
        $errors.Count | Should -Be 1
    }
}

Describe 'Tab completion' {
    BeforeAll {
        $root = Join-Path $TestDrive 'completion'
        New-Item -ItemType Directory $root | Out-Null
        $project = New-TestProject -Root $root
        Set-Content (Join-Path $project 'pipeline_staging.yaml') '[]'
        Set-Content (Join-Path $root 'config_prod.yaml') 'kafka_brokers: prod:9092'
        Push-Location $root
    }
    AfterAll { Pop-Location }

    It 'completes -Steps from the pipeline of -Path' {
        $line = 'Get-KPopsComponent demo -Steps '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('app', 'producer', 'sink')
    }

    It 'completes -Exclude with the typed prefix' {
        $line = 'Get-KPopsComponent -Path demo -Exclude pro'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('producer')
    }

    It 'completes -Environment from the environment files present' {
        $line = 'Get-KPopsComponent demo -Environment '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('prod', 'staging')
    }
}
