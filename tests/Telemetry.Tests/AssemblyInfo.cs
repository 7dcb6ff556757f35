using PointsDemo.TestSupport;

[assembly: AssemblyFixture(typeof(PostgresFixture))]
