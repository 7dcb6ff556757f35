namespace PointsDemo.LocalPostgres.Tests;

/// <summary>Finding the PostgreSQL programs, and the message when there are none.</summary>
public sealed class BinaryDiscoveryTests : IDisposable
{
    private readonly TestFolder _folder = new();

    [Fact]
    public async Task Starting_without_binaries_fails_with_what_to_install_or_set_and_creates_nothing()
    {
        var empty = _folder.Create("empty-bin");
        var options = new PostgresClusterOptions { BinFolder = empty, BaseFolder = _folder.Create("base") };

        var error = await Assert.ThrowsAsync<PostgresNotFoundException>(
            () => PostgresCluster.StartAsync(options, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains(empty, error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y postgresql", error.Message, StringComparison.Ordinal);
        Assert.Contains("POINTSDEMO_TEST_POSTGRES", error.Message, StringComparison.Ordinal);
        Assert.Contains("POINTSDEMO_PG_BIN", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(options.BaseFolder));
    }

    [Fact]
    public void With_nothing_anywhere_the_message_says_where_it_looked()
    {
        var noVersions = _folder.Create("no-versions");

        var error = Assert.Throws<PostgresNotFoundException>(() => PostgresBinaries.Find(null, null, noVersions, _folder.Create("empty-path")));

        Assert.Contains($"{noVersions}/*/bin", error.Message, StringComparison.Ordinal);
        Assert.Contains("initdb on PATH", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y postgresql", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Takes_the_highest_complete_version_comparing_versions_as_numbers()
    {
        var root = _folder.Create("versions");
        FakeInstallation(Path.Combine(root, "9.6", "bin"));
        FakeInstallation(Path.Combine(root, "10", "bin"));
        FakeInstallation(Path.Combine(root, "16", "bin"));
        FakeInstallation(Path.Combine(root, "17", "bin"), withServer: false); // client tools only
        FakeInstallation(Path.Combine(root, "latest", "bin"));

        var found = PostgresBinaries.Find(null, null, root, "");

        Assert.Equal(Path.Combine(root, "16", "bin"), found.Folder);
    }

    [Fact]
    public void A_folder_named_in_the_options_wins_over_the_variable_and_the_variable_over_the_search()
    {
        var root = _folder.Create("versions");
        FakeInstallation(Path.Combine(root, "16", "bin"));
        var fromOptions = FakeInstallation(_folder.Create("options-bin"));
        var fromVariable = FakeInstallation(_folder.Create("variable-bin"));

        Assert.Equal(fromOptions, PostgresBinaries.Find(fromOptions, fromVariable, root, "").Folder);
        Assert.Equal(fromVariable, PostgresBinaries.Find(null, fromVariable, root, "").Folder);
    }

    [Fact]
    public void A_named_folder_without_the_programs_is_an_error_not_a_reason_to_search_elsewhere()
    {
        var root = _folder.Create("versions");
        FakeInstallation(Path.Combine(root, "16", "bin"));
        var incomplete = FakeInstallation(_folder.Create("incomplete-bin"), withServer: false);

        var error = Assert.Throws<PostgresNotFoundException>(() => PostgresBinaries.Find(null, incomplete, root, ""));

        Assert.Contains(incomplete, error.Message, StringComparison.Ordinal);
        Assert.Contains("POINTSDEMO_PG_BIN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Falls_back_to_the_real_folder_behind_initdb_on_the_path()
    {
        var installation = FakeInstallation(_folder.Create("opt/pgsql/bin"));
        var onPath = _folder.Create("path-bin");
        File.CreateSymbolicLink(Path.Combine(onPath, "initdb"), Path.Combine(installation, "initdb"));

        var found = PostgresBinaries.Find(null, null, _folder.Create("no-versions"), $"{_folder.Create("elsewhere")}{Path.PathSeparator}{onPath}");

        Assert.Equal(installation, found.Folder);
    }

    [Fact]
    public void Finds_this_machines_installation()
    {
        var found = PostgresBinaries.Find();

        Assert.True(File.Exists(Path.Combine(found.Folder, "initdb")));
        Assert.True(File.Exists(Path.Combine(found.Folder, "pg_ctl")));
        Assert.True(File.Exists(Path.Combine(found.Folder, "postgres")));
    }

    public void Dispose() => _folder.Dispose();

    private static string FakeInstallation(string bin, bool withServer = true)
    {
        Directory.CreateDirectory(bin);
        foreach (var program in withServer ? ["initdb", "pg_ctl", "postgres"] : new[] { "psql", "pg_dump" })
        {
            File.WriteAllText(Path.Combine(bin, program), "");
        }

        return bin;
    }
}
