using PointsDemo.Bench.Load;
using PointsDemo.Bench.Running;

namespace PointsDemo.Bench.Tests;

public sealed class MachineTests
{
    [Fact]
    public void Load_averages_are_the_first_three_fields_of_proc_loadavg()
    {
        Assert.Equal([0.52, 1.07, 2.5], Machine.ParseLoadAverage("0.52 1.07 2.50 3/512 12345\n"));
    }

    [Fact]
    public void A_proc_stat_line_gives_pid_parent_and_cpu_ticks_even_with_spaces_in_the_name()
    {
        const string Line = "4242 (dotnet worker) S 4200 4242 4200 0 -1 4194560 1000 0 0 0 150 25 0 0 20 0 30 0 12345 0 0";

        Assert.Equal((4242, 4200, 175L), ProcessCpu.ParseStat(Line));
    }

    [Fact]
    public void Cpu_per_item_divides_each_process_difference()
    {
        var before = new Dictionary<string, double> { ["a"] = 1.0, ["b"] = 2.0 };
        var after = new Dictionary<string, double> { ["a"] = 3.0, ["b"] = 2.5, ["c"] = 9 };

        var perItem = ProcessCpu.PerItem(before, after, 1000);

        Assert.Equal(new Dictionary<string, double> { ["a"] = 2.0, ["b"] = 0.5 }, perItem);
        Assert.Empty(ProcessCpu.PerItem(before, after, 0));
    }

    [Fact]
    public void The_new_users_id_comes_from_the_location_header()
    {
        using var created = new HttpResponseMessage(System.Net.HttpStatusCode.Created);
        created.Headers.Location = new Uri("/users/01a214ad-5533-75de-a561-8077f7651912", UriKind.Relative);
        using var withoutLocation = new HttpResponseMessage(System.Net.HttpStatusCode.Created);

        Assert.Equal(Guid.Parse("01a214ad-5533-75de-a561-8077f7651912"), RegistrationLoad.UserIdOf(created));
        Assert.Null(RegistrationLoad.UserIdOf(withoutLocation));
    }
}
