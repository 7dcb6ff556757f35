using PointsDemo.TestSupport;

[assembly: AssemblyFixture(typeof(PostgresFixture))]

// Activity and meter listeners are process-wide: a test's exporters would also catch what another
// test's services do at the same moment, so these tests take turns.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]
