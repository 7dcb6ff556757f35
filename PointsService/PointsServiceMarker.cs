using System.Diagnostics.CodeAnalysis;

namespace PointsDemo.PointsService;

/// <summary>
/// Names this service's assembly for <c>WebApplicationFactory&lt;PointsServiceMarker&gt;</c>. The
/// generated <c>Program</c> class would do, but two services' <c>Program</c> classes clash in a test
/// project that hosts both.
/// </summary>
[SuppressMessage("Performance", "CA1515:Consider making public types internal", Justification = "Test hosts name the assembly by this type.")]
public sealed class PointsServiceMarker;
