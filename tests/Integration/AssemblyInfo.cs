using Xunit;

// The doubles are shared per test class; classes run one after another to keep a 2-core machine responsive
// for the helm processes of the lifecycle tests.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
