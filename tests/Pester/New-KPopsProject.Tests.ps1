BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-KPopsModulePath) -Force
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
