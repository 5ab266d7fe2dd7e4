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
