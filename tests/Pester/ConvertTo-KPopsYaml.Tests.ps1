BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-KPopsModulePath) -Force
    $examples = Join-Path (Get-RepositoryRoot) 'examples'
}

Describe 'ConvertTo-KPopsYaml' {
    BeforeEach { Push-Location $examples }
    AfterEach { Pop-Location }

    It 'prints the enriched pipeline as generate does' {
        $yaml = Get-KPopsComponent word-count | ConvertTo-KPopsYaml
        $yaml | Should -BeOfType [string]
        $yaml | Should -Match '(?m)^- type: producer-app$'
        $yaml | Should -Match '(?m)^  helm_release_name: word-count-word-count-app$'
        $yaml | Should -Match "(?m)^    redis.database: '0'$"
        $yaml | Should -Not -Match 'repo_config'
    }

    It 'prints only the piped components' {
        $yaml = Get-KPopsComponent word-count | Where-Object Type -eq streams-app | ConvertTo-KPopsYaml
        ([regex]::Matches($yaml, '(?m)^- type:')).Count | Should -Be 1
    }

    It 'loads by itself with -Path and -Steps' {
        $yaml = ConvertTo-KPopsYaml -Path word-count -Steps redis-sink-connector
        $yaml | Should -Match '(?m)^- type: kafka-sink-connector$'
        ([regex]::Matches($yaml, '(?m)^- type:')).Count | Should -Be 1
    }

    It 'separates several pipelines by a blank line' {
        $root = Join-Path $TestDrive 'multi'
        New-Item -ItemType Directory $root | Out-Null
        New-TestProject -Root $root -Name one | Out-Null
        New-TestProject -Root $root -Name two | Out-Null
        Push-Location $root
        try { $yaml = Get-KPopsComponent one, two | ConvertTo-KPopsYaml }
        finally { Pop-Location }
        $yaml | Should -Match "(?m)^  prefix: one-\n(.|\n)*\n\n- type: producer-app\n  name: producer\n  enabled: true\n  prefix: two-"
    }
}

Describe 'Get-KPopsSchema' {
    It 'writes a JSON Schema of <For>' -ForEach @(@{ For = 'Pipeline' }, @{ For = 'Defaults' }, @{ For = 'Config' }) {
        $schema = Get-KPopsSchema -For $For | ConvertFrom-Json -AsHashtable
        $schema['$schema'] | Should -Be 'http://json-schema.org/draft-07/schema#'
        $schema.definitions.Count | Should -BeGreaterThan 0
    }

    It 'lists every concrete type in the pipeline schema' {
        $schema = Get-KPopsSchema Pipeline | ConvertFrom-Json -AsHashtable
        $schema.items.discriminator.mapping.Keys | Sort-Object | Should -Be @('consumer-app', 'helm-app', 'kafka-sink-connector', 'kafka-source-connector', 'producer-app', 'streams-app')
    }

    It 'includes abstract types and cleaners in the defaults schema' {
        $schema = Get-KPopsSchema Defaults | ConvertFrom-Json -AsHashtable
        $schema.properties.Keys | Should -Contain 'streams-bootstrap'
        $schema.properties.Keys | Should -Contain 'cleaner'
    }

    It 'requires kafka_brokers in the config schema' {
        (Get-KPopsSchema Config | ConvertFrom-Json).required | Should -Contain 'kafka_brokers'
    }

    It 'includes registered custom types' {
        Register-KPopsComponentType -Name schema-test-app -BaseType streams-app -Force
        try { (Get-KPopsSchema Pipeline | ConvertFrom-Json -AsHashtable).items.discriminator.mapping.Keys | Should -Contain 'schema-test-app' }
        finally { Unregister-KPopsComponentType schema-test-app }
    }
}

Describe 'New-KPopsProject' {
    It 'writes config.yaml, pipeline.yaml and defaults.yaml' {
        $dir = Join-Path $TestDrive 'new'
        $files = New-KPopsProject -Path $dir
        $files.Name | Sort-Object | Should -Be @('config.yaml', 'defaults.yaml', 'pipeline.yaml')
        Get-Content (Join-Path $dir 'config.yaml') -Raw | Should -Match '(?m)^# Required fields\nkafka_brokers: null'
        Get-Content (Join-Path $dir 'config.yaml') -Raw | Should -Not -Match 'Non-required'
    }

    It 'adds every optional setting with -IncludeOptional' {
        $dir = Join-Path $TestDrive 'optional'
        New-KPopsProject -Path $dir -IncludeOptional | Out-Null
        $text = Get-Content (Join-Path $dir 'config.yaml') -Raw
        $text | Should -Match '# Non-required fields'
        $text | Should -Match 'default_output_topic_name: \$\{pipeline.name\}-\$\{component.name\}'
        $text | Should -Match 'retain_clean_jobs: false'
    }

    It 'creates a project that loads once kafka_brokers is set' {
        $root = Join-Path $TestDrive 'loads'
        New-KPopsProject -Path (Join-Path $root 'team') | Out-Null
        Move-Item (Join-Path $root 'team/config.yaml') $root
        (Get-Content (Join-Path $root 'config.yaml') -Raw) -replace 'kafka_brokers: null', 'kafka_brokers: k:9092' | Set-Content (Join-Path $root 'config.yaml')
        Push-Location $root
        try { @(Get-KPopsComponent team -ErrorAction Stop).Count | Should -Be 0 }
        finally { Pop-Location }
    }

    It 'refuses to overwrite existing files without -Force' {
        $dir = Join-Path $TestDrive 'existing'
        New-KPopsProject -Path $dir | Out-Null
        { New-KPopsProject -Path $dir -ErrorAction Stop } | Should -Throw -ErrorId 'ProjectPathNotEmpty,KPops.PowerShell.Commands.NewKPopsProjectCommand'
        { New-KPopsProject -Path $dir -Force -WarningAction SilentlyContinue } | Should -Not -Throw
    }

    It 'creates nothing under -WhatIf' {
        $dir = Join-Path $TestDrive 'whatif'
        New-KPopsProject -Path $dir -WhatIf | Should -BeNullOrEmpty
        Test-Path $dir | Should -BeFalse
    }
}
