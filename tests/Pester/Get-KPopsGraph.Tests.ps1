#Requires -Version 7.4
<#
    Get-KPopsGraph: the picture of a pipeline by -Path and from piped components, Mermaid and DOT; the DOT is
    rendered with Graphviz to prove it valid (skipped where Graphviz is not installed); the committed picture of
    examples/word-count (docs/images and the README's Mermaid block) is that of the current pipeline.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $RepoRoot = Get-RepositoryRoot
    Import-Module (Resolve-Path (Get-KPopsModulePath)).ProviderPath
    $ExamplesPath = Join-Path $RepoRoot 'examples'
    $Dot = Get-Command dot -CommandType Application -ErrorAction Ignore | Select-Object -First 1
    $NoGraphviz = 'Graphviz (dot) is not installed: build.ps1 Bootstrap installs the graphviz package when it runs as root with apt-get'

    # The example as the README shows it: in its folder, without the KPOPS_* variables of this session.
    function Invoke-InExamples([scriptblock] $Script) {
        $saved = Get-ChildItem Env: | Where-Object Name -like 'KPOPS_*' | ForEach-Object { @{ Name = $_.Name; Value = $_.Value } }
        $saved | ForEach-Object { Remove-Item "Env:$($_.Name)" }
        Push-Location $ExamplesPath
        try { & $Script }
        finally {
            Pop-Location
            foreach ($variable in $saved) { Set-Item "Env:$($variable.Name)" $variable.Value }
        }
    }

    # Renders DOT text with Graphviz; returns the exit code, the SVG and the messages.
    function Invoke-Dot([string] $Source, [string] $Format = 'svg') {
        $file = Join-Path $TestDrive "$([guid]::NewGuid()).dot"
        [IO.File]::WriteAllText($file, $Source, [Text.UTF8Encoding]::new($false))
        $output = & $Dot.Source "-T$Format" $file 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] }) -join "`n"; Errors = ($output | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) -join "`n" }
    }
}

Describe 'Get-KPopsGraph' {
    It 'writes one Mermaid flowchart of the pipeline by -Path' {
        $graph = @(Invoke-InExamples { Get-KPopsGraph -Path word-count })
        $graph.Count | Should -Be 1
        $graph[0] | Should -BeOfType [string]
        $graph[0] | Should -Match '^flowchart LR\n'
        $graph[0] | Should -Match '(?m)^    c_data_producer\(\["data-producer"\]\)$'
        $graph[0] | Should -Match '(?m)^    c_word_count_app -\.->\|"error"\| t_word_count_word_count_app_dead_letter_topic$'
    }

    It 'draws piped components as -Path does' {
        $fromPath, $fromPipe = Invoke-InExamples { (Get-KPopsGraph word-count -Format Dot), (Get-KPopsComponent word-count | Get-KPopsGraph -Format Dot) }
        $fromPipe | Should -BeExactly $fromPath
    }

    It 'draws only the components -Steps selects' {
        $graph = Invoke-InExamples { Get-KPopsGraph word-count -Steps word-count-app }
        $graph | Should -Match 'c_word_count_app\("word-count-app"\)'
        $graph | Should -Not -Match 'c_data_producer'
        # The producer is left out of the picture, not out of the pipeline: its topic is not external.
        $graph | Should -Not -Match 'external'
    }

    It 'wraps the picture in a fenced block with -AsMarkdown' {
        $mermaid, $dot = Invoke-InExamples { (Get-KPopsGraph word-count -AsMarkdown), (Get-KPopsGraph word-count -Format Dot -AsMarkdown) }
        $mermaid | Should -Match '^```mermaid\nflowchart LR\n(.*\n)+```\n$'
        $dot | Should -Match '^```dot\ndigraph "word-count" \{\n(.*\n)+\}\n```\n$'
    }

    It 'writes nothing when no component is selected' {
        @(Invoke-InExamples { Get-KPopsGraph word-count -Steps nothing-matches }).Count | Should -Be 0
    }

    It 'reports a pipeline that does not load as an error with its ErrorId' {
        $root = Join-Path $TestDrive 'broken'
        $project = New-TestProject -Root $root -Pipeline "- type: no-such-type`n  name: x`n"
        Push-Location $root
        try {
            { Get-KPopsGraph -Path $project -ErrorAction Stop } | Should -Throw -ErrorId 'UnknownComponentType,KPops.PowerShell.Commands.GetKPopsGraphCommand'
        }
        finally { Pop-Location }
    }
}

Describe 'Get-KPopsGraph -Format Dot rendered by Graphviz' {
    It 'renders the example as SVG without warnings' {
        if (-not $Dot) { Set-ItResult -Skipped -Because $NoGraphviz }
        $result = Invoke-Dot (Invoke-InExamples { Get-KPopsGraph word-count -Format Dot })
        $result.ExitCode | Should -Be 0 -Because $result.Errors
        $result.Errors | Should -BeNullOrEmpty
        $result.Output | Should -Match '<svg '
        $result.Output | Should -Match '>word&#45;count&#45;data&#45;producer&#45;topic</text>'
    }

    It 'renders names full of DOT syntax as the names' {
        if (-not $Dot) { Set-ItResult -Skipped -Because $NoGraphviz }
        $root = Join-Path $TestDrive 'hostile'
        $project = New-TestProject -Root $root -Pipeline @'
- type: streams-app
  name: app
  values:
    image: example/app
    imageTag: "1.0.0"
  from:
    topics:
      'in"}; x -> y [label="\N': {label: 'a\lb"c'}
      'subgraph': {}
  to:
    topics:
      'node <b>&amp;</b> edge': {}
'@
        Push-Location $root
        try { $result = Invoke-Dot (Get-KPopsGraph -Path $project -Format Dot) } finally { Pop-Location }
        $result.ExitCode | Should -Be 0 -Because $result.Errors
        $result.Errors | Should -BeNullOrEmpty
        $texts = @([regex]::Matches($result.Output, '<text[^>]*>([^<]*)</text>') | ForEach-Object { [System.Net.WebUtility]::HtmlDecode($_.Groups[1].Value) })
        $texts | Should -Contain 'in"}; x -> y [label="\N'
        $texts | Should -Contain 'a\lb"c'
        $texts | Should -Contain 'subgraph'
        $texts | Should -Contain 'node <b>&amp;</b> edge'
        # Three topics and one component: no node was made up from a name.
        ([regex]::Matches($result.Output, '<g id="node\d+" class="node">')).Count | Should -Be 4
    }
}

Describe 'The committed picture of examples/word-count' {
    BeforeAll {
        $images = Join-Path $RepoRoot 'docs/images'
        $Fix = 'run build.ps1 UpdateDocs (tools/Update-ExamplePicture.ps1) and commit docs/images and README.md'
        $CurrentDot, $CurrentMermaid = Invoke-InExamples { (Get-KPopsGraph word-count -Format Dot), (Get-KPopsGraph word-count) }
        $CommittedDot = [IO.File]::ReadAllText((Join-Path $images 'word-count.dot'))
        $Svg = [IO.File]::ReadAllText((Join-Path $images 'word-count.svg'))
    }

    It 'has the DOT source Get-KPopsGraph writes for the pipeline' {
        $CommittedDot | Should -BeExactly $CurrentDot -Because $Fix
    }

    It 'has an SVG drawn from that DOT source' {
        $hash = [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData([Text.Encoding]::UTF8.GetBytes($CurrentDot))).ToLowerInvariant()
        $Svg | Should -Match "<!-- source sha256:$hash -->" -Because $Fix
        $Svg | Should -Match '<svg '
    }

    It 'is in the README as the Mermaid Get-KPopsGraph writes' {
        $readme = [IO.File]::ReadAllText((Join-Path $RepoRoot 'README.md'))
        $match = [regex]::Match($readme, '<!-- picture: Get-KPopsGraph examples/word-count -->\n```mermaid\n((?:.*\n)*?)```\n')
        $match.Success | Should -BeTrue -Because 'the README has the picture marker followed by a mermaid block'
        $match.Groups[1].Value | Should -BeExactly $CurrentMermaid -Because $Fix
        $readme | Should -Match '!\[[^\]]+\]\(docs/images/word-count\.svg\)'
    }
}
