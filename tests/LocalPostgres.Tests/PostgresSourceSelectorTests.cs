using PointsDemo.TestSupport;

namespace PointsDemo.LocalPostgres.Tests;

/// <summary>The fixture's order of preference: the variable, then Docker, then the local binaries.</summary>
public sealed class PostgresSourceSelectorTests
{
    private const string Server = "Host=db.example;Username=tests;Password=secret";

    [Theory]
    [InlineData(Server, true, true, PostgresSource.ConnectionString)]
    [InlineData(Server, false, false, PostgresSource.ConnectionString)]
    [InlineData(null, true, true, PostgresSource.Container)]
    [InlineData(null, true, false, PostgresSource.Container)]
    [InlineData(null, false, true, PostgresSource.LocalBinaries)]
    [InlineData("", false, true, PostgresSource.LocalBinaries)]
    [InlineData("   ", true, false, PostgresSource.Container)]
    public void Chooses_in_order_of_preference(string? variable, bool dockerAnswers, bool binariesFound, PostgresSource expected) =>
        Assert.Equal(expected, PostgresSourceSelector.Choose(variable, dockerAnswers, binariesFound));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Chooses_nothing_when_nothing_is_available(string? variable) =>
        Assert.Null(PostgresSourceSelector.Choose(variable, dockerAnswers: false, binariesFound: false));
}
