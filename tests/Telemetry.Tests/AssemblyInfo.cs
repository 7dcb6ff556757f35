using PointsDemo.TestSupport;
using Xunit.Sdk;
using Xunit.v3;

[assembly: AssemblyFixture(typeof(PostgresFixture))]

// Activity and meter listeners are process-wide: a test's exporters would also catch what another
// test's services do at the same moment, so these tests take turns. A class that names a collection
// of its own (to share a fixture) leaves the assembly's collection, and collections would run side
// by side: hence no parallelization at all.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]
[assembly: Parallelization(Mode = ParallelMode.None)]
