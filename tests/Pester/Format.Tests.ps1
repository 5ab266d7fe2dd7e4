#Requires -Version 7.4
<#
    The views of module/KPops.Format.ps1xml, rendered at 120 columns (a common terminal width) as Out-Default would:
    the names that tell rows apart (components, resources, topics) come first and are shown whole, free text wraps at
    the end, and the list views show what an operator needs instead of raw properties (no .NET type names).
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepositoryRoot) 'tests/TestWorld.Host/TestWorldHost.psm1') -Force
    $RepoRoot = Get-RepositoryRoot
    Import-Module (Resolve-Path (Get-KPopsModulePath)).ProviderPath

    function Format-At120 { param([Parameter(ValueFromPipeline)] $InputObject, [switch] $List)
        begin { $items = [System.Collections.Generic.List[object]]::new() }
        process { $items.Add($InputObject) }
        end { if ($List) { $items | Format-List | Out-String -Width 120 } else { $items | Out-String -Width 120 } }
    }

    # Every name appears whole on one line, nothing is cut with an ellipsis, no line is wider than 120.
    function Assert-Whole([string] $Text, [string[]] $Names) {
        $lines = $Text -split "`r?`n"
        foreach ($name in $Names | Where-Object { $_ } | Select-Object -Unique) {
            @($lines | Where-Object { $_.Contains($name) }).Count | Should -BeGreaterThan 0 -Because "'$name' must be shown whole:`n$Text"
        }
        $Text | Should -Not -Match '…' -Because 'no column may be cut'
        @($lines | Where-Object { $_.TrimEnd().Length -gt 120 }) | Should -BeNullOrEmpty
    }
}

Describe 'Views of components and types' {
    BeforeAll {
        $root = Join-Path $TestDrive 'long-names'
        $Project = New-TestProject -Root $root -Name 'customer-orders' -Pipeline @'
- type: producer-app
  name: order-event-producer
  values:
    image: example/producer
    imageTag: "1.0.0"
    secretValue: Do-Not-Show-S3cret
  to:
    topics:
      ${output_topic_name}: {partitions_count: 3}
      customer-orders-order-event-producer-audit-topic: {label: audit}
- type: streams-app
  name: order-enrichment-application
  values:
    image: example/app
    imageTag: "1.0.0"
  from:
    components:
      order-event-producer: {}
    topics:
      customer-reference-data-compacted-topic: {label: customers}
  to:
    topics:
      ${output_topic_name}: {configs: {cleanup.policy: compact}}
      ${error_topic_name}: {type: error}
- type: kafka-sink-connector
  name: order-warehouse-sink-connector
  config:
    connector.class: com.example.WarehouseSink
    connection.password: Do-Not-Show-S3cret
'@ -Defaults @'
kubernetes-app:
  namespace: team-ns
'@ -Config @'
kafka_brokers: kafka:9092
topic_name_config:
  default_output_topic_name: ${pipeline.name}-${component.name}-topic
  default_error_topic_name: ${pipeline.name}-${component.name}-dead-letter-topic
'@
        Push-Location $root
        try { $Components = @(Get-KPopsComponent $Project) } finally { Pop-Location }
        $TopicNames = @($Components | ForEach-Object { $_.AllInputTopics; $_.OutputTopics; $_.ErrorTopic })
    }

    It 'shows every component and topic name whole in the table' {
        $TopicNames | Should -Contain 'customer-orders-order-enrichment-application-dead-letter-topic'
        Assert-Whole ($Components | Format-At120) (@($Components.Name) + $TopicNames)
    }

    It 'puts the component name first and lists reads and writes one per line' {
        $text = $Components | Format-At120
        $text | Should -Match '(?m)^Name\s+Type\s+Topics\s*$'
        $text | Should -Match '(?m)^order-enrichment-application\s+streams-app\s+< customer-orders-order-event-producer-topic\s*$'
        $text | Should -Match '(?m)^\s+< customer-reference-data-compacted-topic \(customers\)\s*$'
        $text | Should -Match '(?m)^\s+! customer-orders-order-enrichment-application-dead-letter-topic\s*$'
    }

    It 'shows what an operator needs in the list view, without .NET type names or values' {
        $text = $Components | Format-At120 -List
        foreach ($label in 'Name', 'Type', 'Kind', 'Pipeline', 'Source', 'HelmReleaseName', 'Chart', 'InputTopics', 'OutputTopic', 'ErrorTopic', 'Topics', 'Values', 'Config') {
            $text | Should -Match "(?m)^$label\s+: " -Because "the list view shows $label"
        }
        $text | Should -Match '(?m)^Kind\s+: StreamsApp$'
        $text | Should -Match 'customer-orders-order-enrichment-application-topic \(cleanup\.policy=compact\)'
        $text | Should -Match '(?m)^LabeledInputTopics\s+: customers: customer-reference-data-compacted-topic$'
        $text | Should -Not -Match 'System\.'
        $text | Should -Not -Match 'S3cret' -Because 'values and connector configs may hold secrets: the view names their keys only'
        (($text -split "`n" | Where-Object { $_ -match '^Name\s+: ' }).Count) | Should -Be 3
        ($text -split "`n").Count | Should -BeLessThan 75 -Because 'three components, a screen each at most, not 39 raw properties each'
    }

    It 'shows the type names whole and wraps descriptions' {
        $types = @(Get-KPopsComponentType)
        Assert-Whole ($types | Format-At120) @($types.Name)
    }
}

Describe 'Views of lifecycle, status and manifest results (test world, helm 4)' -Tag Lifecycle {
    BeforeAll {
        $World = Start-TestWorld -Helm 4
        $Saved = Set-TestWorldEnvironment $World -Additional @{ KPOPS_ENVIRONMENT = 'demo' }
        $Workspace = Join-Path $TestDrive 'examples'
        Copy-Item (Join-Path $RepoRoot 'examples') $Workspace -Recurse
        Push-Location $Workspace
        $Plan = @(Invoke-KPopsDeploy ./word-count -WhatIf 6>$null)
        $Deployed = @(Invoke-KPopsDeploy ./word-count)
        $Status = @(Get-KPopsStatus ./word-count)
        $Summary = @(Get-KPopsStatus ./word-count -Summary)
        $Manifests = @(Get-KPopsManifest ./word-count)
        # A change to plan: one more replica of the app, a retention on its output topic.
        $pipelineFile = Join-Path $Workspace 'word-count/pipeline.yaml'
        (Get-Content -Raw $pipelineFile).Replace('replicaCount: 1', 'replicaCount: 2').Replace(
            'cleanup.policy: compact', "cleanup.policy: compact`n          retention.ms: 259200000") | Set-Content $pipelineFile
        $Update = @(Invoke-KPopsDeploy ./word-count -WhatIf 6>$null)
        $UpdateVerbose = @(Invoke-KPopsDeploy ./word-count -WhatIf -Verbose 4>&1 6>$null | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
    }

    AfterAll {
        Pop-Location
        if ($Saved) { Restore-EnvironmentVariable $Saved }
        if ($World) { $World.Stop() }
    }

    It 'shows every component and resource of a plan whole' {
        $Plan.Count | Should -BeGreaterThan 4
        Assert-Whole ($Plan | Format-At120) (@($Plan.Component) + @($Plan.Resource))
    }

    It 'shows each step''s change summary in the plan table, names whole at 120 columns' {
        $text = $Update | Format-At120
        Assert-Whole $text (@($Update.Component) + @($Update.Resource))
        $text | Should -Match '(?m)^Component\s+Kind\s+Resource\s+Action\s+Duration\s+Summary\s*$'
        $text | Should -Not -Match 'Helm release already exists' -Because 'the summary says what changes, not that the release exists'
        $app = $Update | Where-Object { "$($_.Kind)" -eq 'HelmRelease' -and $_.Component -eq 'word-count-app' }
        "$($app.Action)" | Should -Be 'WouldUpdate'
        $app.Summary | Should -Match '~ replicas 1→2'
        $text | Should -Match ([regex]::Escape($app.Summary))
        $topic = $Update | Where-Object { "$($_.Kind)" -eq 'Topic' -and $_.Resource -eq 'word-count-word-count-app-topic' }
        $topic.Summary | Should -Be 'config: +retention.ms'
        $text | Should -Match 'config: \+retention\.ms'
        $unchanged = @($Update | Where-Object { "$($_.Action)" -eq 'Unchanged' })
        $unchanged.Count | Should -BeGreaterThan 0
        $unchanged.Summary | Select-Object -Unique | Should -Be 'no change'
    }

    It 'shows the whole diff in the list view and with -Verbose' {
        $app = $Update | Where-Object { "$($_.Kind)" -eq 'HelmRelease' -and $_.Component -eq 'word-count-app' }
        $text = $app | Format-At120 -List
        $text | Should -Match '(?m)^Summary\s+: ~ replicas 1→2'
        $text | Should -Match '(?m)^Diff\s+: --- Deployment/'
        $text | Should -Match '(?m)^\s+\+ +replicas: 2$'
        ($UpdateVerbose.Message -join "`n") | Should -Match '(?m)^word-count-app HelmRelease \S+: ~ replicas 1→2.*\n--- Deployment/'
    }

    It 'shows every component and resource of a run whole' {
        Assert-Whole ($Deployed | Format-At120) (@($Deployed.Component) + @($Deployed.Resource))
    }

    It 'shows a step result as a list with its operation, kind, action and diff as words' {
        $release = $Plan | Where-Object { "$($_.Kind)" -eq 'HelmRelease' } | Select-Object -First 1
        $text = $release | Format-At120 -List
        $text | Should -Match '(?m)^Operation\s+: Deploy \(plan, -WhatIf\)$'
        $text | Should -Match '(?m)^Kind\s+: HelmRelease$'
        $text | Should -Match '(?m)^Action\s+: WouldCreate$'
        $text | Should -Match '(?m)^Diff\s+: '
        $text | Should -Not -Match 'System\.'
    }

    It 'shows every component and resource of a status whole' {
        Assert-Whole ($Status | Format-At120) (@($Status.Component) + @($Status.Resource))
        Assert-Whole ($Summary | Format-At120) @($Summary.Component)
    }

    It 'shows a status result as a list with its details as lines, not a dictionary' {
        $withDetails = $Status | Where-Object { $_.Details.Count -gt 0 } | Select-Object -First 1
        $withDetails | Should -Not -BeNullOrEmpty
        $text = $withDetails | Format-At120 -List
        $text | Should -Match '(?m)^Status\s+: InSync$'
        $text | Should -Match '(?m)^Details\s+: \w+: '
        $text | Should -Not -Match 'System\.'
    }

    It 'writes kinds, actions and statuses as words to JSON, and no .NET type names to CSV' {
        $json = $Plan | ConvertTo-Json -Depth 10
        $json | Should -Match '"Action": "WouldCreate"'
        $json | Should -Match '"Kind": "HelmRelease"'
        $json | Should -Match '"Operation": "Deploy"'
        ($Status | ConvertTo-Json -Depth 10) | Should -Match '"Status": "InSync"'
        (($Status | ConvertTo-Csv) -join "`n") | Should -Not -Match 'System\.'
        (($Summary | ConvertTo-Csv) -join "`n") | Should -Not -Match 'System\.'
        (($Plan | ConvertTo-Csv) -join "`n") | Should -Not -Match 'System\.'
    }

    It 'shows every component, kind and name of the manifests whole' {
        Assert-Whole ($Manifests | Format-At120) (@($Manifests.Component) + @($Manifests.Name))
        ($Manifests | Format-At120) | Should -Match '(?m)^Component\s+Kind\s+Name\s+'
    }
}
