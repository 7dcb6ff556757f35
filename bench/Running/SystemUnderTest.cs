namespace PointsDemo.Bench.Running;

/// <summary>What the bench drives and reads, whoever started it.</summary>
/// <param name="UserService">UserService's base URL.</param>
/// <param name="PointsDatabase">The points database (points become visible here).</param>
/// <param name="UsersDatabase">The users database; null when unknown (no ceiling then).</param>
/// <param name="BrokerInspection">The dev broker's inspection API; null when unknown (no redelivery count then).</param>
/// <param name="Description">One line on what runs where, for the report.</param>
internal sealed record SystemUnderTest(Uri UserService, string PointsDatabase, string? UsersDatabase, Uri? BrokerInspection, string Description);
