#Requires -Version 7.4
<#
    Runs admin requests of the KPops Kafka client against a broker that drops connections (the test world's broker
    double with drop rules, set up by the test that starts this script). librdkafka aborts the whole process when a
    connection fails under some admin requests (librdkafka issue 4605), so this runs in a child process: the test
    asserts that it ends normally and prints its summary line.
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $Broker,
    [int] $Rounds = 100
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$settings = [KPops.Engine.Clients.Kafka.KafkaAdminSettings]::new($Broker, [TimeSpan]::FromSeconds(2), $null)
$outcomes = @{}
for ($round = 0; $round -lt $Rounds; $round++) {
    # A fresh client per round: librdkafka's reconnect backoff does not grow over the run, and disposing a client
    # with requests in flight is part of what is exercised.
    $client = [KPops.Engine.Clients.Kafka.KafkaAdminClient]::new($settings, $null)
    try {
        $group = "stress-group-$($round % 5)"
        $calls = @(
            $client.DescribeGroupAsync($group, [Threading.CancellationToken]::None)
            $client.ListGroupOffsetsAsync($group, [Threading.CancellationToken]::None)
            $client.DeleteGroupAsync($group, [Threading.CancellationToken]::None)
            $client.DescribeTopicAsync('stress-topic', [Threading.CancellationToken]::None)
            $client.ListEndOffsetsAsync([string[]] @('stress-topic'), [Threading.CancellationToken]::None)
        )
        foreach ($call in $calls) {
            try {
                $null = $call.GetAwaiter().GetResult()
                $outcomes['ok'] = 1 + $outcomes['ok']
            }
            catch {
                $name = $_.Exception.GetType().Name
                $id = if ($_.Exception.PSObject.Properties['ErrorId']) { $_.Exception.ErrorId } else { $name }
                $outcomes[$id] = 1 + $outcomes[$id]
            }
        }
    }
    finally { $client.Dispose() }
}
"STRESS DONE rounds=$Rounds " + (($outcomes.GetEnumerator() | Sort-Object Key | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join ' ')
