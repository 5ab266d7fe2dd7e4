BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-KPopsModulePath) -Force
}

Describe 'Register-KPopsComponentType' {
    BeforeEach {
        $root = Join-Path $TestDrive ([guid]::NewGuid())
        New-Item -ItemType Directory $root | Out-Null
        Push-Location $root
    }
    AfterEach {
        Pop-Location
        # Types built on others go first.
        Get-KPopsComponentType | Where-Object { -not $_.IsBuiltIn } | Sort-Object { $_.Lineage.Length } -Descending | Unregister-KPopsComponentType
    }

    It 'makes a new type whose defaults chain runs through its base type' {
        Register-KPopsComponentType -Name filter -BaseType streams-app
        New-TestProject -Root $root -Pipeline "- type: filter`n  name: f`n  values:`n    image: i" -Defaults "kubernetes-app:`n  namespace: ns`nfilter:`n  values:`n    replicaCount: 2`nstreams-app:`n  values:`n    replicaCount: 1`n    imageTag: `"3.0.0`"" | Out-Null
        $filter = Get-KPopsComponent demo
        $filter.Type | Should -Be 'filter'
        $filter.Values.replicaCount | Should -Be 2
        $filter.Values.imageTag | Should -Be '3.0.0'
        $filter.ComponentType.Lineage | Select-Object -First 3 | Should -Be @('filter', 'streams-app', 'streams-bootstrap')
    }

    It 'builds types on other custom types' {
        Register-KPopsComponentType sub-streams-app streams-app
        Register-KPopsComponentType filter sub-streams-app
        (Get-KPopsComponentType filter).Lineage[1] | Should -Be 'sub-streams-app'
    }

    It 'replaces a component by what -Inflate returns, enriched and woven like any other' {
        Register-KPopsComponentType -Name app-with-sink -BaseType streams-app -Inflate {
            param($Component)
            $Component
            @{ type = 'kafka-sink-connector'; name = "$($Component.Name)-sink"; config = @{ 'connector.class' = 'io.confluent.connect.s3.S3SinkConnector' } }
        }
        New-TestProject -Root $root -Pipeline "- type: app-with-sink`n  name: app`n  values: {image: i}`n  to:`n    topics:`n      out: {}" -Defaults "kubernetes-app:`n  namespace: ns" | Out-Null
        $components = Get-KPopsComponent demo
        $components.Name | Should -Be @('app', 'app-sink')
        $components[1].Config.topics | Should -Be 'out'
        $components[1].FullName | Should -Be 'demo-app-sink'
    }

    It 'reports a failing inflate script block with the component' {
        Register-KPopsComponentType -Name broken -BaseType streams-app -Inflate { throw 'no way' }
        New-TestProject -Root $root -Pipeline "- type: broken`n  name: b`n  values: {image: i}" -Defaults "kubernetes-app:`n  namespace: ns" | Out-Null
        $errors = @()
        Get-KPopsComponent demo -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'InflateFailed,*'
        $errors[0].Exception.Message | Should -BeLike "*'b'*no way*"
    }

    It 'picks up types declared in kpops-components.yaml in the base directory' {
        Set-Content (Join-Path $root 'kpops-components.yaml') "- type: declared-app`n  base: producer-app`n  description: From the file."
        New-TestProject -Root $root -Pipeline "- type: declared-app`n  name: d`n  values: {image: i}" -Defaults "kubernetes-app:`n  namespace: ns" | Out-Null
        (Get-KPopsComponent demo).Type | Should -Be 'declared-app'
    }

    It 'lists the types of kpops-components.yaml of the project in the current location' {
        Set-Content (Join-Path $root 'config.yaml') "kafka_brokers: kafka:9092`npipeline_base_dir: pipes"
        New-Item -ItemType Directory (Join-Path $root 'pipes') | Out-Null
        Set-Content (Join-Path $root 'pipes/kpops-components.yaml') "- type: declared-app`n  base: producer-app`n  description: From the file."
        $type = Get-KPopsComponentType declared-app
        $type.BaseType | Should -Be 'producer-app'
        $type.DeclaredIn | Should -Be (Join-Path $root 'pipes/kpops-components.yaml')
    }

    It 'lists the types of the project given by -Config' {
        $project = Join-Path $root 'project'
        New-Item -ItemType Directory $project | Out-Null
        Set-Content (Join-Path $project 'config.yaml') "kafka_brokers: kafka:9092`npipeline_base_dir: $project"
        Set-Content (Join-Path $project 'kpops-components.yaml') "- type: declared-app`n  base: producer-app"
        (Get-KPopsComponentType declared-app -Config $project).Name | Should -Be 'declared-app'
        Get-KPopsComponentType declared-app -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'reports a broken kpops-components.yaml and still lists the other types' {
        Set-Content (Join-Path $root 'config.yaml') 'kafka_brokers: kafka:9092'
        Set-Content (Join-Path $root 'kpops-components.yaml') 'type: not-a-list'
        $types = Get-KPopsComponentType -ErrorVariable problems -ErrorAction SilentlyContinue
        $types.Name | Should -Contain 'streams-app'
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ComponentTypeInvalid*'
    }

    It 'runs an inflate script named in kpops-components.yaml' {
        Set-Content (Join-Path $root 'kpops-components.yaml') "- type: twin`n  base: producer-app`n  inflate: twin.ps1"
        Set-Content (Join-Path $root 'twin.ps1') 'param($Component) $Component; @{ type = "producer-app"; name = "$($Component.Name)-twin"; values = @{ image = "i" } }'
        New-TestProject -Root $root -Pipeline "- type: twin`n  name: t`n  values: {image: i}" -Defaults "kubernetes-app:`n  namespace: ns" | Out-Null
        (Get-KPopsComponent demo).Name | Should -Be @('t', 't-twin')
    }

    It 'rejects <Case>' -ForEach @(
        @{ Case = 'a built-in name'; Name = 'streams-app'; Base = 'helm-app'; ErrorId = 'ComponentTypeExists' }
        @{ Case = 'an unknown base'; Name = 'x-app'; Base = 'stream-app'; ErrorId = 'ComponentTypeInvalid' }
        @{ Case = 'an abstract base'; Name = 'x-app'; Base = 'streams-bootstrap'; ErrorId = 'ComponentTypeInvalid' }
        @{ Case = 'a bad name'; Name = 'My_App'; Base = 'helm-app'; ErrorId = 'ComponentTypeInvalid' }
    ) {
        { Register-KPopsComponentType -Name $Name -BaseType $Base -ErrorAction Stop } | Should -Throw -ErrorId "$ErrorId,KPops.PowerShell.Commands.RegisterKPopsComponentTypeCommand"
    }

    It 'needs -Force to replace a custom type' {
        Register-KPopsComponentType -Name twice -BaseType helm-app
        { Register-KPopsComponentType -Name twice -BaseType helm-app -ErrorAction Stop } | Should -Throw -ErrorId 'ComponentTypeExists*'
        Register-KPopsComponentType -Name twice -BaseType streams-app -Force -PassThru | ForEach-Object BaseType | Should -Be 'streams-app'
    }

    It 'keeps types per runspace' {
        Register-KPopsComponentType -Name only-here -BaseType helm-app
        $modulePath = Get-KPopsModulePath
        $elsewhere = 1 | ForEach-Object -Parallel { Import-Module $using:modulePath; @(Get-KPopsComponentType only-here -ErrorAction SilentlyContinue).Count } -ThrottleLimit 1
        $elsewhere | Should -Be 0
        (Get-KPopsComponentType only-here).Name | Should -Be 'only-here'
    }
}
