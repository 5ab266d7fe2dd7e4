#Requires -Version 7.4
<#
    The lifecycle cmdlets end to end against the test world (tests/TestWorld.Host): examples/word-count and a few
    pipelines of their own are deployed, planned, reset, destroyed and cleaned with real helm, and what the cmdlets
    write is checked against what the world holds afterwards (its state and helm list). One world with helm 4 for
    most tests, reset before each; a smaller one with helm 3. Runs against the built module ($env:KPOPS_MODULE_PATH,
    else out/KPops/KPops.psd1) and the built host.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $RepoRoot = Get-RepositoryRoot
    $ModulePath = (Resolve-Path (Get-KPopsModulePath)).ProviderPath
    Import-Module $ModulePath
    Import-Module (Join-Path $RepoRoot 'tests/TestWorld.Host/TestWorldHost.psm1') -Force
    $ExamplesPath = Join-Path $RepoRoot 'examples'

    # "<component> <kind> <resource> <action>" per result, for comparing whole runs at once.
    function Format-Result { process { "$($_.Component) $($_.Kind) $($_.Resource) $($_.Action)" } }

    # The components of results, each once, in the order they ran.
    function Get-ComponentOrder([object[]] $Results) { @($Results | ForEach-Object Component | Select-Object -Unique) }

    # A copy of examples/ with the pipelines of these tests, as the current location.
    function New-Workspace([string] $Path) {
        Copy-Item $ExamplesPath $Path -Recurse
        # A streams app whose cleanup job fails, with a log line (the world's job-outcome and job-log annotations).
        New-Item -ItemType Directory (Join-Path $Path 'failing-reset') | Out-Null
        Set-Content (Join-Path $Path 'failing-reset/pipeline.yaml') @'
- type: producer-app
  name: producer
  values:
    image: example/producer
    imageTag: "1.0.0"
  to:
    topics:
      ${output_topic_name}:
        partitions_count: 1
- type: streams-app
  name: app
  values:
    image: example/app
    imageTag: "1.0.0"
    annotations:
      testworld.kpops/job-outcome: Failed
      testworld.kpops/job-log: "Exception in thread main: the reset of app failed"
  to:
    topics:
      ${output_topic_name}: {}
'@
        # A streams app whose cleanup job never finishes (helm waits for it until its 2m0s timeout).
        New-Item -ItemType Directory (Join-Path $Path 'endless-reset') | Out-Null
        Set-Content (Join-Path $Path 'endless-reset/pipeline.yaml') @'
- type: streams-app
  name: app
  values:
    image: example/app
    imageTag: "1.0.0"
    annotations:
      testworld.kpops/job-outcome: Running
  to:
    topics:
      ${output_topic_name}: {}
'@
        # Twelve producers: a deploy that takes a while.
        New-Item -ItemType Directory (Join-Path $Path 'many') | Out-Null
        $producers = foreach ($i in 1..12) { "- type: producer-app`n  name: producer-$i`n  values:`n    image: example/producer`n    imageTag: `"1.0.0`"`n" }
        Set-Content (Join-Path $Path 'many/pipeline.yaml') ($producers -join '')

        # A project of its own: Schema Registry enabled with basic auth, a secret admin client setting, a chart
        # repository with credentials, and a topic with a value schema.
        $project = Join-Path $Path 'schema-project'
        New-Item -ItemType Directory (Join-Path $project 'sentences') -Force | Out-Null
        Set-Content (Join-Path $project 'config.yaml') @'
pipeline_base_dir: .
kafka_brokers: "my-cluster-kafka-bootstrap.kafka:9092"
create_namespace: true
schema_registry:
  enabled: true
  url: http://schema-registry.kafka:8081
  username: kpops
  password: Registry-S3cret
kafka_admin:
  config:
    sasl.password: Kafka-S3cret
helm_config:
  timeout: 2m0s
'@
        Set-Content (Join-Path $project 'defaults.yaml') @'
kubernetes-app:
  namespace: kpops-schemas
streams-bootstrap:
  version: "3.6.1"
  repo_config:
    repository_name: kpops-schemas
    url: ${KPOPS_DEMO_CHART_REPO}
    repo_auth_flags:
      username: charts
      password: Repo-S3cret
  values:
    kafka:
      bootstrapServers: ${config.kafka_brokers}
      schemaRegistryUrl: ${config.schema_registry.url}
'@
        Set-Content (Join-Path $project 'sentences/pipeline.yaml') @'
- type: producer-app
  name: sentence-producer
  values:
    image: example/sentence-producer
    imageTag: "1.0.0"
  to:
    topics:
      ${output_topic_name}:
        partitions_count: 1
        value_schema: com.example.Sentence
'@
        $Path
    }

    # Starts a lifecycle cmdlet in a background PowerShell instance of this process (a runspace of its own, in the
    # workspace) and returns the instance, its output collection and the async result.
    function Start-Background([string] $Script, [string] $Workspace) {
        $ps = [powershell]::Create()
        $null = $ps.AddScript("Import-Module '$ModulePath'; Set-Location -LiteralPath '$Workspace'; $Script")
        $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $inputObjects = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $inputObjects.Complete()
        [pscustomobject]@{ PowerShell = $ps; Output = $output; Handle = $ps.BeginInvoke($inputObjects, $output) }
    }

    function Wait-Until([scriptblock] $Condition, [int] $TimeoutSeconds = 60) {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        while (-not (& $Condition)) {
            if ($watch.Elapsed.TotalSeconds -gt $TimeoutSeconds) { throw "Timed out after $TimeoutSeconds s waiting for: $Condition" }
            Start-Sleep -Milliseconds 50
        }
    }

    # Stops a background instance as Ctrl+C does and returns how long Stop() took.
    function Stop-Background($Background) {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $Background.PowerShell.Stop()
        $watch.Elapsed
    }
}

Describe 'Lifecycle cmdlets against the test world (helm 4)' -Tag Lifecycle {
    BeforeAll {
        $World = Start-TestWorld -Helm 4
        $SavedEnvironment = Set-TestWorldEnvironment $World
        $Workspace = New-Workspace (Join-Path $TestDrive 'examples-helm4')
        Push-Location $Workspace
    }

    AfterAll {
        Pop-Location
        if ($SavedEnvironment) { Restore-EnvironmentVariable $SavedEnvironment }
        if ($World) { $World.Stop() }
    }

    BeforeEach {
        $World.Reset()
    }

    Context 'Invoke-KPopsDeploy' {
        It 'writes one result per resource step and leaves the topics, releases and connector in the world' {
            $results = @(Invoke-KPopsDeploy -Path word-count -Environment demo)

            @($results | Format-Result) | Should -Be @(
                'data-producer Topic word-count-data-producer-topic Created'
                'data-producer HelmRelease word-count-data-producer Created'
                'word-count-app Topic word-count-word-count-app-topic Created'
                'word-count-app Topic word-count-word-count-app-dead-letter-topic Created'
                'word-count-app HelmRelease word-count-word-count-app Created'
                'redis-sink-connector Connector word-count-redis-sink-connector Created'
            )
            foreach ($result in $results) {
                $result.PSObject.TypeNames[0] | Should -Be 'KPops.Engine.Lifecycle.StepResult'
                $result.Pipeline | Should -Be 'word-count'
                "$($result.Operation)" | Should -Be 'Deploy'
                $result.IsPlan | Should -BeFalse
            }
            ($results | Where-Object Component -eq 'word-count-app').ComponentType | Select-Object -Unique | Should -Be 'streams-app'

            $state = $World.GetState()
            @($state.topics | Sort-Object name | ForEach-Object { "$($_.name):$($_.partitions)" }) | Should -Be @(
                'word-count-data-producer-topic:3'
                'word-count-word-count-app-dead-letter-topic:1'
                'word-count-word-count-app-topic:3'
            )
            @($state.connectors | ForEach-Object { "$($_.name):$($_.state)" }) | Should -Be @('word-count-redis-sink-connector:Running')
            @(Get-TestWorldRelease $World | Sort-Object name | ForEach-Object { "$($_.namespace)/$($_.name):$($_.status)" }) | Should -Be @(
                'kpops-demo/word-count-data-producer:deployed'
                'kpops-demo/word-count-word-count-app:deployed'
            )
        }

        It 'converges: deploying again reports every step Unchanged and changes nothing' {
            Invoke-KPopsDeploy -Path word-count -Environment demo | Out-Null
            $before = $World.GetState() | ConvertTo-Json -Depth 8

            $again = @(Invoke-KPopsDeploy -Path word-count -Environment demo)

            $again.Count | Should -Be 6
            @($again | Where-Object Action -ne 'Unchanged' | Format-Result) | Should -BeNullOrEmpty
            $World.GetState() | ConvertTo-Json -Depth 8 | Should -Be $before
        }

        It 'plans with -WhatIf: Would... results, a per-resource diff of each release, and nothing changes' {
            $before = $World.GetState() | ConvertTo-Json -Depth 8

            $plan = @(Invoke-KPopsDeploy -Path word-count -Environment demo -WhatIf)

            @($plan | Format-Result) | Should -Be @(
                'data-producer Topic word-count-data-producer-topic WouldCreate'
                'data-producer HelmRelease word-count-data-producer WouldCreate'
                'word-count-app Topic word-count-word-count-app-topic WouldCreate'
                'word-count-app Topic word-count-word-count-app-dead-letter-topic WouldCreate'
                'word-count-app HelmRelease word-count-word-count-app WouldCreate'
                'redis-sink-connector Connector word-count-redis-sink-connector WouldCreate'
            )
            $plan.IsPlan | Should -Not -Contain $false
            $producer = $plan | Where-Object { $_.Kind -eq 'HelmRelease' -and $_.Component -eq 'data-producer' }
            $producer.Diff | Should -Match '(?m)^--- Job/word-count-data-producer added$'
            $producer.Diff | Should -Match '(?m)^\+ kind: Job$'
            $app = $plan | Where-Object { $_.Kind -eq 'HelmRelease' -and $_.Component -eq 'word-count-app' }
            $app.Diff | Should -Match '(?m)^--- Deployment/word-count-word-count-app added$'
            ($plan | Where-Object Kind -eq 'Topic')[0].Diff | Should -Match '(?m)^\+ partitions: 3$'

            $World.GetState() | ConvertTo-Json -Depth 8 | Should -Be $before
            Get-TestWorldRelease $World | Should -BeNullOrEmpty
        }

        It 'plans a change of a deployed release as WouldUpdate with the changed resource under its header' {
            Invoke-KPopsDeploy -Path word-count -Environment demo | Out-Null
            $revisions = Get-TestWorldRelease $World | ForEach-Object { "$($_.name):$($_.revision)" }
            $before = $World.GetState() | ConvertTo-Json -Depth 8
            $pipeline = Join-Path $Workspace 'word-count/pipeline.yaml'
            $original = Get-Content $pipeline -Raw
            Set-Content $pipeline ($original -replace 'replicaCount: 1', 'replicaCount: 2') -NoNewline
            try {
                $plan = @(Invoke-KPopsDeploy -Path word-count -Environment demo -WhatIf)
            }
            finally {
                Set-Content $pipeline $original -NoNewline
            }

            $app = $plan | Where-Object { $_.Kind -eq 'HelmRelease' -and $_.Component -eq 'word-count-app' }
            "$($app.Action)" | Should -Be 'WouldUpdate'
            $app.Diff | Should -Match '(?m)^--- Deployment/word-count-word-count-app changed$'
            $app.Diff | Should -Match '(?m)^- +replicas: 1$'
            $app.Diff | Should -Match '(?m)^\+ +replicas: 2$'
            @($plan | Where-Object Resource -ne $app.Resource | ForEach-Object { "$($_.Action)" } | Select-Object -Unique) | Should -Be @('Unchanged')

            $World.GetState() | ConvertTo-Json -Depth 8 | Should -Be $before
            Get-TestWorldRelease $World | ForEach-Object { "$($_.name):$($_.revision)" } | Should -Be $revisions
        }

        It 'leaves unchanged releases at their revision on a second deploy, and -ForceUpgrade upgrades them' {
            Invoke-KPopsDeploy -Path word-count -Environment demo | Out-Null
            $revisions = @(Get-TestWorldRelease $World | ForEach-Object { "$($_.name):$($_.revision)" })

            $again = @(Invoke-KPopsDeploy -Path word-count -Environment demo)

            @($again | ForEach-Object { "$($_.Action)" } | Select-Object -Unique) | Should -Be @('Unchanged')
            @(Get-TestWorldRelease $World | ForEach-Object { "$($_.name):$($_.revision)" }) | Should -Be $revisions

            $forced = @(Invoke-KPopsDeploy -Path word-count -Environment demo -ForceUpgrade)

            @($forced | Where-Object Kind -eq 'HelmRelease' | ForEach-Object { "$($_.Action)" } | Select-Object -Unique) | Should -Be @('Unchanged')
            $raised = @(Get-TestWorldRelease $World | ForEach-Object { "$($_.name):$([int]$_.revision - 1)" })
            $raised | Should -Be $revisions
        }

        It 'deploys only the components that -Steps selects and leaves out those that -Exclude names' {
            $steps = @(Invoke-KPopsDeploy -Path word-count -Environment demo -Steps word-count-app)

            Get-ComponentOrder $steps | Should -Be @('word-count-app')
            @($World.GetState().topics.name | Sort-Object) | Should -Be @('word-count-word-count-app-dead-letter-topic', 'word-count-word-count-app-topic')
            @(Get-TestWorldRelease $World).name | Should -Be @('word-count-word-count-app')

            $excluded = @(Invoke-KPopsDeploy -Path word-count -Environment demo -Exclude 'redis-*')

            Get-ComponentOrder $excluded | Should -Be @('data-producer', 'word-count-app')
            $state = $World.GetState()
            @($state.topics).Count | Should -Be 3
            $state.connectors | Should -BeNullOrEmpty
        }
    }

    Context 'Teardown' {
        It 'resets only the streams app piped from Get-KPopsComponent' {
            Invoke-KPopsDeploy -Path word-count -Environment demo | Out-Null
            $topicsBefore = $World.GetState().topics | ConvertTo-Json

            $results = @(Get-KPopsComponent word-count -Environment demo | Where-Object Type -eq streams-app | Reset-KPopsPipeline -Force)

            @($results | Format-Result) | Should -Be @(
                'word-count-app HelmRelease word-count-word-count-app Deleted'
                'word-count-app CleanupJob word-count-word-count-app-clean Ran'
            )
            $results.Operation | ForEach-Object { "$_" } | Select-Object -Unique | Should -Be 'Reset'
            $results[1].Message | Should -Be 'The reset job completed.'
            $state = $World.GetState()
            $state.effects | Where-Object { $_ -notmatch '^kpops-demo/word-count-word-count-app-clean \(streams-app-cleanup-job reset\)' } |
                Should -BeNullOrEmpty -Because 'only the reset job of the app ran'
            $state.topics | ConvertTo-Json | Should -Be $topicsBefore -Because 'a reset deletes no output topic'
            @($state.connectors).name | Should -Be @('word-count-redis-sink-connector')
            @(Get-TestWorldRelease $World).name | Should -Be @('word-count-data-producer')
        }

        It 'destroys in reverse pipeline order' {
            Invoke-KPopsDeploy -Path word-count -Environment demo | Out-Null

            $results = @(Invoke-KPopsDestroy -Path word-count -Environment demo -Force)

            @($results | Format-Result) | Should -Be @(
                'redis-sink-connector Connector word-count-redis-sink-connector Deleted'
                'word-count-app HelmRelease word-count-word-count-app Deleted'
                'data-producer HelmRelease word-count-data-producer Deleted'
            )
            Get-TestWorldRelease $World | Should -BeNullOrEmpty
            $state = $World.GetState()
            $state.connectors | Should -BeNullOrEmpty
            @($state.topics).Count | Should -Be 3 -Because 'destroy keeps the data'
        }

        It 'is ConfirmImpact High' -ForEach @(
            @{ Name = 'Reset-KPopsPipeline' }, @{ Name = 'Clear-KPopsPipeline' }, @{ Name = 'Invoke-KPopsDestroy' }
        ) {
            $attribute = (Get-Command $Name).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $true)[0]
            "$($attribute.ConfirmImpact)" | Should -Be 'High'
        }

        It 'cleans with -Confirm:$false in a non-interactive pwsh, components in reverse order' {
            Invoke-KPopsDeploy -Path word-count -Environment demo | Out-Null
            $job = Join-Path $TestDrive 'clean.ps1'
            Set-Content $job @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModulePath'
Set-Location -LiteralPath '$Workspace'
Clear-KPopsPipeline -Path word-count -Environment demo -Confirm:`$false | ForEach-Object { "`$(`$_.Component) `$(`$_.Kind) `$(`$_.Resource) `$(`$_.Action)" }
"@

            $run = Invoke-PwshScript $job

            $run.ExitCode | Should -Be 0 -Because $run.Output
            $lines = @($run.Output -split "`n" | Where-Object { $_ })
            $lines | Should -Be @(
                'redis-sink-connector Connector word-count-redis-sink-connector Reset'
                'redis-sink-connector Connector word-count-redis-sink-connector Deleted'
                'redis-sink-connector ConsumerGroup connect-word-count-redis-sink-connector NotFound'
                'word-count-app HelmRelease word-count-word-count-app Deleted'
                'word-count-app CleanupJob word-count-word-count-app-clean Ran'
                'data-producer HelmRelease word-count-data-producer Deleted'
                'data-producer CleanupJob word-count-data-producer-clean Ran'
            )
            $state = $World.GetState()
            $state.topics | Should -BeNullOrEmpty
            $state.connectors | Should -BeNullOrEmpty
            $state.subjects | Should -BeNullOrEmpty
            Get-TestWorldRelease $World | Should -BeNullOrEmpty
        }

        It 'refuses to clean without -Force or -Confirm:$false in a non-interactive pwsh' {
            Invoke-KPopsDeploy -Path word-count -Environment demo | Out-Null
            $before = $World.GetState() | ConvertTo-Json -Depth 8
            $job = Join-Path $TestDrive 'clean-unconfirmed.ps1'
            Set-Content $job @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModulePath'
Set-Location -LiteralPath '$Workspace'
try { Clear-KPopsPipeline -Path word-count -Environment demo }
catch { "FQID=`$(`$_.FullyQualifiedErrorId)"; throw }
"@

            $run = Invoke-PwshScript $job

            $run.ExitCode | Should -Not -Be 0
            $run.Output | Should -Match '(?m)^FQID=InvalidOperation,KPops\.PowerShell\.Commands\.ClearKPopsPipelineCommand$'
            $run.Output | Should -Match 'PowerShell is in NonInteractive mode\. Read and Prompt functionality is'
            $World.GetState() | ConvertTo-Json -Depth 8 | Should -Be $before
            @(Get-TestWorldRelease $World).Count | Should -Be 2
        }
    }

    Context 'Failures' {
        It 'stops at an unreachable Kafka Connect with an error naming component, resource, service and endpoint, after writing the results before it' {
            $port = Get-ClosedPort
            $saved = Set-EnvironmentVariable @{ KPOPS_KAFKA_CONNECT__URL = "http://127.0.0.1:$port/" }
            $results = [System.Collections.Generic.List[object]]::new()
            try {
                Invoke-KPopsDeploy -Path word-count -Environment demo -ErrorVariable problems -ErrorAction SilentlyContinue | ForEach-Object { $results.Add($_) }
            }
            finally { Restore-EnvironmentVariable $saved }

            @($problems).Count | Should -Be 1 -Because 'a failed step is one non-terminating error, after the results'
            $failure = $problems[0]
            $failure.TargetObject.GetType().FullName | Should -Be 'KPops.Engine.Model.Component'
            $failure.TargetObject.Name | Should -Be 'redis-sink-connector'
            $failure.FullyQualifiedErrorId | Should -Be 'KafkaConnectConnectionFailed,KPops.PowerShell.Commands.InvokeKPopsDeployCommand'
            "$($failure.CategoryInfo.Category)" | Should -Be 'ConnectionError'
            $failure.Exception.ErrorId | Should -Be 'KafkaConnectConnectionFailed'
            $message = "$failure"
            $message | Should -Match "kafka-sink-connector 'redis-sink-connector'"
            $message | Should -Match 'Connector word-count-redis-sink-connector'
            $message | Should -Match '\[Kafka Connect\]'
            $message | Should -Match ([regex]::Escape("url=http://127.0.0.1:$port/"))
            $message | Should -Match 'word-count[/\\]pipeline\.yaml:\d+:\d+'
            @($results | Format-Result) | Should -Be @(
                'data-producer Topic word-count-data-producer-topic Created'
                'data-producer HelmRelease word-count-data-producer Created'
                'word-count-app Topic word-count-word-count-app-topic Created'
                'word-count-app Topic word-count-word-count-app-dead-letter-topic Created'
                'word-count-app HelmRelease word-count-word-count-app Created'
            )
            @($World.GetState().topics).Count | Should -Be 3 -Because 'the results written before the error are true'
        }

        It 'reports a failing cleanup job with the helm command and the log of its pod' {
            Invoke-KPopsDeploy -Path failing-reset -Environment demo | Out-Null
            $results = [System.Collections.Generic.List[object]]::new()
            Reset-KPopsPipeline -Path failing-reset -Environment demo -Force -ErrorVariable problems -ErrorAction SilentlyContinue | ForEach-Object { $results.Add($_) }
            $failure = @($problems)[0]
            $failure.TargetObject.Name | Should -Be 'app'

            $failure.FullyQualifiedErrorId | Should -Be 'HelmRequestFailed,KPops.PowerShell.Commands.ResetKPopsPipelineCommand'
            $message = "$failure"
            $message | Should -Match "Reset of streams-app 'app' failed at CleanupJob failing-reset-app-clean"
            $message | Should -Match '\[Helm\]'
            $message | Should -Match 'command=\S*helm upgrade --install .* -- failing-reset-app-clean '
            $message | Should -Match 'Exception in thread main: the reset of app failed'
            @($results | Format-Result) | Should -Be @('app HelmRelease failing-reset-app Deleted') -Because 'the run stops at the failed job: the producer is not reset'
            @(Get-TestWorldRelease $World | Where-Object name -eq 'failing-reset-producer').status | Should -Be 'deployed'
        }
    }

    Context 'Schemas and verbose output' {
        It 'registers the value schema of a topic through Register-KPopsSchemaProvider' {
            Register-KPopsSchemaProvider -Name pester-sentences -ScriptBlock {
                param($SchemaClass)
                if ($SchemaClass -eq 'com.example.Sentence') {
                    '{"type":"record","name":"Sentence","namespace":"com.example","fields":[{"name":"text","type":"string"}]}'
                }
            }
            Push-Location (Join-Path $Workspace 'schema-project')
            try {
                $plan = @(Invoke-KPopsDeploy -Path sentences -WhatIf)
                $results = @(Invoke-KPopsDeploy -Path sentences)
                $again = @(Invoke-KPopsDeploy -Path sentences)
            }
            finally { Pop-Location }

            @($plan | Format-Result) | Should -Contain 'sentence-producer Subject sentences-sentence-producer-value WouldCreate'
            @($results | Format-Result) | Should -Be @(
                'sentence-producer Topic sentences-sentence-producer Created'
                'sentence-producer Subject sentences-sentence-producer-value Created'
                'sentence-producer HelmRelease sentences-sentence-producer Created'
            )
            @($World.GetState().subjects) | Should -Be @('sentences-sentence-producer-value')
            ($again | Where-Object Kind -eq 'Subject').Action | ForEach-Object { "$_" } | Should -Be 'Unchanged'
        }

        It '-Verbose shows the helm command lines without the repository password or any other secret' {
            Register-KPopsSchemaProvider -Name pester-sentences -ScriptBlock {
                param($SchemaClass)
                if ($SchemaClass -eq 'com.example.Sentence') {
                    '{"type":"record","name":"Sentence","namespace":"com.example","fields":[{"name":"text","type":"string"}]}'
                }
            }
            Push-Location (Join-Path $Workspace 'schema-project')
            try { $records = @(Invoke-KPopsDeploy -Path sentences -Verbose 4>&1 3>&1) }
            finally { Pop-Location }

            $verbose = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
            $helm = @($verbose | Where-Object { $_ -match '^\S*helm(\.exe)? ' })
            $helm | Should -Not -BeNullOrEmpty
            # The password goes to helm's stdin; upgrade uses the credentials repo add recorded.
            $helm | Where-Object { $_ -match ' repo add --username charts --password-stdin -- kpops-schemas \S+$' } | Should -Not -BeNullOrEmpty
            $helm | Where-Object { $_ -match ' upgrade --install .* -- sentences-sentence-producer kpops-schemas/producer-app$' } | Should -Not -BeNullOrEmpty
            $helm | Where-Object { $_ -match '--password(?!-stdin)' } | Should -BeNullOrEmpty
            $everything = ($records | ForEach-Object { "$_"; if ($_.PSObject.Properties['Diff']) { $_.Diff; $_.Message } }) -join "`n"
            $everything | Should -Not -Match 'S3cret'
        }
    }

    Context 'Scheduled jobs' {
        It 'a job script that deploys exits with 0' {
            $job = Join-Path $TestDrive 'deploy.ps1'
            Set-Content $job @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModulePath'
Set-Location -LiteralPath '$Workspace'
Invoke-KPopsDeploy -Path word-count -Environment demo | Format-Table Component, Kind, Resource, Action -AutoSize | Out-String -Width 200
"@

            $run = Invoke-PwshScript $job

            $run.ExitCode | Should -Be 0 -Because $run.Output
            $run.Output | Should -Match 'redis-sink-connector\s+Connector\s+word-count-redis-sink-connector\s+Created'
            @($World.GetState().connectors).name | Should -Be @('word-count-redis-sink-connector')
        }

        It 'a job script that hits a failing step exits with 1 under <Name>, without reaching the next statement' -ForEach @(
            @{ Name = "`$ErrorActionPreference = 'Stop'"; Preference = "`$ErrorActionPreference = 'Stop'"; Parameter = '' }
            @{ Name = '-ErrorAction Stop'; Preference = ''; Parameter = '-ErrorAction Stop' }
        ) {
            $job = Join-Path $TestDrive 'deploy-failing.ps1'
            Set-Content $job @"
$Preference
Import-Module '$ModulePath'
Set-Location -LiteralPath '$Workspace'
Invoke-KPopsDeploy -Path word-count -Environment demo -Steps redis-sink-connector $Parameter | Format-Table Component, Kind, Resource, Action -AutoSize | Out-String -Width 200
'not reached'
"@
            $port = Get-ClosedPort
            $saved = Set-EnvironmentVariable @{ KPOPS_KAFKA_CONNECT__URL = "http://127.0.0.1:$port/" }
            try { $run = Invoke-PwshScript $job }
            finally { Restore-EnvironmentVariable $saved }

            $run.ExitCode | Should -Be 1 -Because $run.Output
            $run.Output | Should -Match "Deploy of kafka-sink-connector 'redis-sink-connector' failed"
            $run.Output | Should -Match '\[Kafka Connect\]'
            $run.Output | Should -Not -Match 'not reached'
        }

        It 'a job script without Stop keeps the results written before the failure, and $? and the error record tell of it' {
            $job = Join-Path $TestDrive 'deploy-failing-continue.ps1'
            Set-Content $job @"
Import-Module '$ModulePath'
Set-Location -LiteralPath '$Workspace'
`$r = Invoke-KPopsDeploy -Path word-count -Environment demo -Steps data-producer, redis-sink-connector 2>`$null
"SUCCEEDED=`$?"
`$r | ForEach-Object { "RESULT=`$(`$_.Component) `$(`$_.Kind) `$(`$_.Action)" }
"ERROR=`$(`$Error[0].FullyQualifiedErrorId)"
"TARGET=`$(`$Error[0].TargetObject.GetType().FullName) `$(`$Error[0].TargetObject.Name)"
'reached'
"@
            $port = Get-ClosedPort
            $saved = Set-EnvironmentVariable @{ KPOPS_KAFKA_CONNECT__URL = "http://127.0.0.1:$port/" }
            try { $run = Invoke-PwshScript $job }
            finally { Restore-EnvironmentVariable $saved }

            $run.ExitCode | Should -Be 0 -Because $run.Output
            $lines = $run.Output -split "`n"
            $lines | Should -Contain 'SUCCEEDED=False'
            @($lines | Where-Object { $_ -like 'RESULT=*' }) | Should -Be @(
                'RESULT=data-producer Topic Created'
                'RESULT=data-producer HelmRelease Created'
            )
            $lines | Should -Contain 'ERROR=KafkaConnectConnectionFailed,KPops.PowerShell.Commands.InvokeKPopsDeployCommand'
            $lines | Should -Contain 'TARGET=KPops.Engine.Model.Component redis-sink-connector'
            $lines | Should -Contain 'reached'
        }
    }

    Context 'Stopping (Ctrl+C)' {
        It 'stops a running deploy promptly and reports the steps that completed; running it again finishes the job' {
            $background = Start-Background 'Invoke-KPopsDeploy -Path many -Environment demo' $Workspace
            try {
                Wait-Until { $background.Output.Count -ge 2 }
                $elapsed = Stop-Background $background

                $elapsed.TotalSeconds | Should -BeLessThan 10
                "$($background.PowerShell.InvocationStateInfo.State)" | Should -Be 'Stopped'
                $written = @($background.Output | Format-Result)
                $written.Count | Should -BeGreaterOrEqual 2
                $written.Count | Should -BeLessThan 12 -Because 'the deploy was stopped before its end'
                $report = @($background.PowerShell.Streams.Warning | ForEach-Object Message)
                $report.Count | Should -Be 1 -Because 'the stop is reported once'
                $report[0] -match '^Deploy was cancelled after (\d+) step\(s\): ' | Should -BeTrue -Because $report[0]
                [int] $Matches[1] | Should -BeGreaterOrEqual $written.Count
                foreach ($result in $background.Output) {
                    $report[0] | Should -Match ([regex]::Escape("$($result.Component) $($result.Kind) $($result.Resource) $($result.Action)"))
                }
                $report[0] | Should -Match 'Run the command again to finish'
            }
            finally { $background.PowerShell.Dispose() }

            $rerun = @(Invoke-KPopsDeploy -Path many -Environment demo)

            $rerun.Count | Should -Be 12
            @($rerun | Where-Object { "$($_.Action)" -notin 'Created', 'Unchanged', 'Updated' } | Format-Result) | Should -BeNullOrEmpty
            foreach ($line in $written) {
                $release = ($line -split ' ')[2]
                "$(($rerun | Where-Object Resource -eq $release).Action)" | Should -Be 'Unchanged' -Because "$release was deployed before the stop"
            }
            @(Get-TestWorldRelease $World | Where-Object status -ne 'deployed' | ForEach-Object name) | Should -BeNullOrEmpty
            @(Get-TestWorldRelease $World).Count | Should -Be 12
        }

        It 'stops a reset that waits for a cleanup job which never finishes' {
            Invoke-KPopsDeploy -Path endless-reset -Environment demo | Out-Null
            $background = Start-Background 'Reset-KPopsPipeline -Path endless-reset -Environment demo -Force' $Workspace
            try {
                Wait-Until { $background.Output.Count -ge 1 }
                Start-Sleep -Seconds 1   # helm is waiting for the Job now
                "$($background.PowerShell.InvocationStateInfo.State)" | Should -Be 'Running'
                $elapsed = Stop-Background $background

                $elapsed.TotalSeconds | Should -BeLessThan 10
                "$($background.PowerShell.InvocationStateInfo.State)" | Should -Be 'Stopped'
                @($background.Output | Format-Result) | Should -Be @('app HelmRelease endless-reset-app Deleted')
                @($background.PowerShell.Streams.Warning | ForEach-Object Message) |
                    Should -Be @('Reset was cancelled after 1 step(s): app HelmRelease endless-reset-app Deleted. Run the command again to finish; every step converges from where it stopped.')
            }
            finally { $background.PowerShell.Dispose() }
        }
    }
}

Describe 'Lifecycle cmdlets against the test world (helm 3)' -Tag Lifecycle {
    BeforeAll {
        $World = Start-TestWorld -Helm 3
        $SavedEnvironment = Set-TestWorldEnvironment $World
        $Workspace = New-Workspace (Join-Path $TestDrive 'examples-helm3')
        Push-Location $Workspace
    }

    AfterAll {
        Pop-Location
        if ($SavedEnvironment) { Restore-EnvironmentVariable $SavedEnvironment }
        if ($World) { $World.Stop() }
    }

    It 'deploys and cleans word-count with helm 3' {
        (& $World.HelmPath version --short) | Should -Match '^v3\.'
        $env:KPOPS_HELM_CONFIG__BINARY | Should -Be $World.HelmPath

        $deployed = @(Invoke-KPopsDeploy -Path word-count -Environment demo)
        @($deployed | Where-Object Action -ne 'Created' | Format-Result) | Should -BeNullOrEmpty
        $deployed.Count | Should -Be 6
        @(Get-TestWorldRelease $World | Sort-Object name | ForEach-Object { "$($_.name):$($_.status)" }) |
            Should -Be @('word-count-data-producer:deployed', 'word-count-word-count-app:deployed')

        $cleaned = @(Clear-KPopsPipeline -Path word-count -Environment demo -Force)

        Get-ComponentOrder $cleaned | Should -Be @('redis-sink-connector', 'word-count-app', 'data-producer')
        @($cleaned | Where-Object Kind -eq 'CleanupJob' | ForEach-Object { "$($_.Action)" }) | Should -Be @('Ran', 'Ran')
        $state = $World.GetState()
        $state.topics | Should -BeNullOrEmpty
        $state.connectors | Should -BeNullOrEmpty
        Get-TestWorldRelease $World | Should -BeNullOrEmpty
    }
}
