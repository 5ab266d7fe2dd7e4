#Requires -Version 7.4
<#
    The secret canary: one random string, placed in every place a secret can live — config.yaml passwords, KPOPS_*
    variables, a dotenv file, a variable marked secret with KPOPS_SECRET_VARS, connector settings under password keys
    and inside a JAAS line, the password of a service URL, the helm repository password, and a Secret the chart
    renders — and then every cmdlet run with -Verbose -Debug (and -WhatIf where it plans), on good input and on error
    paths, with every stream captured, each output object's default display, Format-List and ConvertTo-Json. The canary
    must appear nowhere, except where the user asks for the raw value: ConvertTo-KPopsYaml and Get-KPopsManifest print
    what is deployed, and a component's ToYaml()/ToDictionary() methods.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $RepoRoot = Get-RepositoryRoot
    Import-Module (Resolve-Path (Get-KPopsModulePath)).ProviderPath
    Import-Module (Join-Path $RepoRoot 'tests/TestWorld.Host/TestWorldHost.psm1') -Force

    $Canary = 'Cn' + [guid]::NewGuid().ToString('N').Substring(0, 12)
    # A Secret's data is base64: the chart-rendered secret must not appear encoded either.
    $ChartSecret = "$Canary-chart"
    $ChartSecretBase64 = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($ChartSecret))

    function New-CanaryProject([string] $Path, [string] $Connector = '') {
        New-Item -ItemType Directory (Join-Path $Path 'canary') -Force | Out-Null
        Set-Content (Join-Path $Path 'config.yaml') @"
pipeline_base_dir: .
kafka_brokers: "broker:9092"
schema_registry:
  enabled: true
  url: http://schema-registry:8081
  username: sr-user
  password: $Canary-sr
kafka_connect:
  url: http://kafka-connect:8083
  username: kc-user
  password: $Canary-kc
kafka_admin:
  config:
    sasl.password: $Canary-admin
strimzi_topic:
  label:
    strimzi.io/cluster: my-cluster
"@
        Set-Content (Join-Path $Path '.env') "DB_PASSWORD=$Canary-dotenv`nAPP_OPAQUE=$Canary-marked`nKPOPS_SECRET_VARS=APP_OPAQUE`n"
        Set-Content (Join-Path $Path 'defaults.yaml') @"
kubernetes-app:
  namespace: canary-ns
streams-bootstrap:
  version: "3.6.1"
  repo_config:
    repository_name: canary-charts
    url: `${KPOPS_DEMO_CHART_REPO}
    repo_auth_flags:
      username: charts
      password: $Canary-repo
"@
        Set-Content (Join-Path $Path 'canary/pipeline.yaml') @"
- type: producer-app
  name: producer
  values:
    image: example/producer
    imageTag: "1.0.0"
    opaque: `${APP_OPAQUE}
    registryAuth: `${config.schema_registry.password}
    secrets:
      API_KEY: $ChartSecret
  to:
    topics:
      `${output_topic_name}:
        partitions_count: 1
- type: kafka-sink-connector
  name: sink
  config:
    connector.class: io.confluent.connect.jdbc.JdbcSinkConnector
    connection.password: `${DB_PASSWORD}
    connection.url: jdbc:postgresql://app:$Canary-url@db:5432/x
    consumer.override.sasl.jaas.config: org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="$Canary-jaas";
$Connector
"@
        $Path
    }

    # Everything a run shows: every stream, and of each output object its default display, Format-List * and JSON.
    # A terminating error is caught and shown like the others.
    function Get-ShownText([scriptblock] $Run, [switch] $StreamsOnly) {
        $records = [System.Collections.Generic.List[object]]::new()
        try { & $Run *>&1 | ForEach-Object { $records.Add($_) } }
        catch { $records.Add($_) }
        $text = foreach ($record in $records) {
            switch ($record) {
                { $_ -is [System.Management.Automation.ErrorRecord] } {
                    "$_"; $_.Exception.ToString(); $_.ErrorDetails.Message; $_.ErrorDetails.RecommendedAction; "$($_.TargetObject)"
                    $_ | Format-List * -Force | Out-String
                    $_.Exception | Format-List * -Force | Out-String
                    break
                }
                { $_ -is [System.Management.Automation.InformationalRecord] } { $_.Message; break }
                default {
                    if (-not $StreamsOnly) {
                        $_ | Out-String
                        $_ | Format-List * | Out-String
                        $_ | ConvertTo-Json -Depth 8 -WarningAction Ignore
                    }
                }
            }
        }
        [pscustomobject]@{ Records = $records.ToArray(); Text = $text -join "`n" }
    }

    function Assert-NoCanary($Shown) {
        $Shown.Text | Should -Not -BeNullOrEmpty
        $Shown.Text | Should -Not -Match ([regex]::Escape($Canary))
        $Shown.Text | Should -Not -Match ([regex]::Escape($ChartSecretBase64))
    }

    $Common = @{ Verbose = $true; Debug = $true }
}

Describe 'The secret canary never shows' -Tag SecretCanary {
    BeforeAll {
        $World = Start-TestWorld -Helm 4
        $SavedEnvironment = Set-TestWorldEnvironment $World -Additional @{
            KPOPS_SCHEMA_REGISTRY__PASSWORD = "$Canary-envsr"
            GITHUB_TOKEN                    = "$Canary-token"
        }
        # The Connect URL of the world with a user and password in it.
        $ConnectUri = [uri] $World.ConnectUrl
        $env:KPOPS_KAFKA_CONNECT__URL = "$($ConnectUri.Scheme)://kc:$Canary-userinfo@$($ConnectUri.Authority)$($ConnectUri.AbsolutePath)"
        $Project = New-CanaryProject (Join-Path $TestDrive 'canary-project')
        Push-Location $Project
        $Load = @{ Path = 'canary'; DotEnv = '.env' }
        $PreviousDebug = $DebugPreference
        $DebugPreference = 'Continue'
    }

    AfterAll {
        $DebugPreference = $PreviousDebug
        Pop-Location
        if ($SavedEnvironment) { Restore-EnvironmentVariable $SavedEnvironment }
        Remove-Item Env:KPOPS_KAFKA_CONNECT__URL -ErrorAction Ignore
        if ($World) { $World.Stop() }
    }

    Context 'where the user asks for the raw value' {
        It 'the canary is in the pipeline: the generate output, the component methods and the rendered Secret hold it' {
            $yaml = ConvertTo-KPopsYaml @Load
            $yaml | Should -Match ([regex]::Escape("$Canary-dotenv"))
            $yaml | Should -Match ([regex]::Escape("$Canary-jaas"))
            $sink = Get-KPopsComponent @Load | Where-Object Name -eq sink
            $sink.ToDictionary()['config']['connection.password'] | Should -Be "$Canary-dotenv"
            $manifest = Get-KPopsManifest @Load -AsYaml
            $manifest | Should -Match ([regex]::Escape($ChartSecretBase64))
        }

        It 'ConvertTo-KPopsYaml and Get-KPopsManifest show no canary outside their output' {
            Assert-NoCanary (Get-ShownText { ConvertTo-KPopsYaml @Load @Common } -StreamsOnly)
            Assert-NoCanary (Get-ShownText { Get-KPopsManifest @Load @Common } -StreamsOnly)
            Assert-NoCanary (Get-ShownText { Get-KPopsManifest @Load -Mode Argo @Common } -StreamsOnly)
        }
    }

    Context 'on good input' {
        BeforeEach { $World.Reset() }

        It 'Get-KPopsComponent: objects, their views and JSON' {
            $shown = Get-ShownText { Get-KPopsComponent @Load @Common }
            @($shown.Records | Where-Object { $_.PSObject.TypeNames[0] -eq 'KPops.Engine.Model.Component' }).Count | Should -Be 2
            Assert-NoCanary $shown
        }

        It 'Get-KPopsComponent: the values and config of a component, at any depth' {
            $components = Get-KPopsComponent @Load
            $text = ($components | ForEach-Object { $_.Values | ConvertTo-Json -Depth 10; $_.Config | ConvertTo-Json -Depth 10 }) -join "`n"
            $text | Should -Match 'connection.password'
            $text | Should -Not -Match ([regex]::Escape($Canary))
        }

        It 'Get-KPopsGraph' {
            Assert-NoCanary (Get-ShownText { Get-KPopsGraph @Load @Common })
        }

        It 'Invoke-KPopsDeploy -WhatIf: the plan, its diffs and every stream' {
            $shown = Get-ShownText { Invoke-KPopsDeploy @Load -WhatIf @Common }
            $release = $shown.Records | Where-Object { $_.PSObject.TypeNames[0] -eq 'KPops.Engine.Lifecycle.StepResult' -and "$($_.Kind)" -eq 'HelmRelease' }
            $release.Diff | Should -Match 'Secret/'
            $release.Diff | Should -Match 'API_KEY: \(set\)'
            Assert-NoCanary $shown
        }

        It 'Invoke-KPopsDeploy, then the plan of a changed secret, Get-KPopsStatus and the teardown plans' {
            $deploy = Get-ShownText { Invoke-KPopsDeploy @Load @Common }
            Assert-NoCanary $deploy
            # helm got the real values.
            $values = & $World.HelmPath get values canary-producer --namespace canary-ns --output json --kubeconfig $World.KubeconfigPath --kube-context $World.KubeContext 2>&1
            "$values" | Should -Match ([regex]::Escape("$Canary-marked"))

            $env:DB_PASSWORD = "$Canary-changed"
            try {
                $plan = Get-ShownText { Invoke-KPopsDeploy @Load -WhatIf @Common }
            }
            finally { Remove-Item Env:DB_PASSWORD }
            ($plan.Records | Where-Object { $_.PSObject.TypeNames[0] -eq 'KPops.Engine.Lifecycle.StepResult' -and "$($_.Kind)" -eq 'Connector' }).Diff |
                Should -Match 'connection.password: \*\*\* → \*\*\*'
            Assert-NoCanary $plan

            Assert-NoCanary (Get-ShownText { Get-KPopsStatus @Load @Common })
            Assert-NoCanary (Get-ShownText { Get-KPopsStatus @Load -Summary @Common })
            Assert-NoCanary (Get-ShownText { Invoke-KPopsDestroy @Load -WhatIf -Force @Common })
            Assert-NoCanary (Get-ShownText { Reset-KPopsPipeline @Load -WhatIf -Force @Common })
            Assert-NoCanary (Get-ShownText { Clear-KPopsPipeline @Load -WhatIf -Force @Common })
            Assert-NoCanary (Get-ShownText { Clear-KPopsPipeline @Load -Force @Common })
        }
    }

    Context 'on error paths' {
        BeforeEach { $World.Reset() }

        It 'an unreachable Kafka Connect with a password in its URL' {
            $saved = Set-EnvironmentVariable @{ KPOPS_KAFKA_CONNECT__URL = "http://kc:$Canary-down@127.0.0.1:$(Get-ClosedPort)/"; KPOPS_KAFKA_CONNECT__TIMEOUT = '2' }
            try {
                $shown = Get-ShownText { Invoke-KPopsDeploy @Load -Steps sink @Common }
                $status = Get-ShownText { Get-KPopsStatus @Load -Steps sink @Common }
            }
            finally { Restore-EnvironmentVariable $saved }
            @($shown.Records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) | Should -Not -BeNullOrEmpty
            Assert-NoCanary $shown
            Assert-NoCanary $status
        }

        It 'an unreachable Schema Registry with a password' {
            $saved = Set-EnvironmentVariable @{ KPOPS_SCHEMA_REGISTRY__URL = "http://sr:$Canary-srdown@127.0.0.1:$(Get-ClosedPort)/"; KPOPS_SCHEMA_REGISTRY__TIMEOUT = '2' }
            try {
                Assert-NoCanary (Get-ShownText { Clear-KPopsPipeline @Load -Force @Common })
            }
            finally { Restore-EnvironmentVariable $saved }
        }

        It 'a config value of the wrong type next to a numeric password' {
            $bad = New-CanaryProject (Join-Path $TestDrive 'bad-config')
            $config = Join-Path $bad 'config.yaml'
            (Get-Content $config -Raw) -replace "password: $Canary-kc", 'password: [ 7305921846 ]' | Set-Content $config
            Push-Location $bad
            try {
                $shown = Get-ShownText { Invoke-KPopsDeploy @Load -WhatIf @Common }
            }
            finally { Pop-Location }
            ($shown.Records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }).FullyQualifiedErrorId | Should -Match 'InvalidFieldType'
            $shown.Text | Should -Not -Match '7305921846'
            Assert-NoCanary $shown
        }

        It 'a malformed dotenv line that holds a secret' {
            $bad = New-CanaryProject (Join-Path $TestDrive 'bad-dotenv')
            Add-Content (Join-Path $bad '.env') "export TOKEN_WITHOUT_EQUALS $Canary-line"
            Push-Location $bad
            try {
                $shown = Get-ShownText { Get-KPopsComponent @Load @Common }
            }
            finally { Pop-Location }
            ($shown.Records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }).FullyQualifiedErrorId | Should -Match 'DotEnvInvalid'
            Assert-NoCanary $shown
        }

        It 'an invalid component next to its secrets' {
            $bad = New-CanaryProject (Join-Path $TestDrive 'bad-component') -Connector @'
- type: streams-app
  name: broken
  values: {image: example/app, imageTag: "1.0.0"}
  repo_config: {repository_name: r, url: http://charts, repo_auth_flags: {password: 88123456}}
'@
            Push-Location $bad
            try {
                $shown = Get-ShownText { Invoke-KPopsDeploy @Load -WhatIf @Common }
            }
            finally { Pop-Location }
            @($shown.Records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) | Should -Not -BeNullOrEmpty
            $shown.Text | Should -Not -Match '88123456'
            Assert-NoCanary $shown
        }

        It 'a connector config the plugin rejects' {
            $bad = New-CanaryProject (Join-Path $TestDrive 'bad-connector')
            $pipeline = Join-Path $bad 'canary/pipeline.yaml'
            (Get-Content $pipeline -Raw) -replace 'io.confluent.connect.jdbc.JdbcSinkConnector', 'com.example.MissingConnector' | Set-Content $pipeline
            Push-Location $bad
            try {
                $shown = Get-ShownText { Invoke-KPopsDeploy @Load -WhatIf @Common }
                $failed = Get-ShownText { Invoke-KPopsDeploy @Load @Common }
            }
            finally { Pop-Location }
            Assert-NoCanary $shown
            Assert-NoCanary $failed
        }
    }
}
