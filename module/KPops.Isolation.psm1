# PowerShell inspects the cmdlets' parameter and output types while it imports KPops.dll, before the module's own
# initializer runs. Those types live in KPops.Engine, which loads into a separate load context (Dependencies/), so
# the resolver is installed here first. This nested module is imported before the root module.
$assembly = [System.Reflection.Assembly]::LoadFrom([System.IO.Path]::Combine($PSScriptRoot, 'KPops.dll'))
$assembly.GetType('KPops.PowerShell.ModuleInitializer', $true)::Register()
Export-ModuleMember
