namespace PointsDemo.LocalPostgres;

/// <summary>
/// No PostgreSQL server binaries could be found. The message says where the search looked and
/// what to install or set: show it to the user as it is, without a stack trace.
/// </summary>
public sealed class PostgresNotFoundException : Exception
{
    /// <summary>What to do about missing binaries; every "no PostgreSQL" message of the project ends with it.</summary>
    public const string Advice =
        "Install PostgreSQL (Debian/Ubuntu: apt-get install -y postgresql), " +
        "or set " + PostgresBinaries.BinFolderVariable + " to a folder holding initdb, pg_ctl and postgres, " +
        "or, for the tests, set POINTSDEMO_TEST_POSTGRES to the connection string of a PostgreSQL server they may use.";

    /// <summary>Creates the exception with the generic message and <see cref="Advice"/>.</summary>
    public PostgresNotFoundException()
        : base("No PostgreSQL server binaries found. " + Advice)
    {
    }

    /// <summary>Creates the exception with a complete message.</summary>
    public PostgresNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a complete message and the error behind it.</summary>
    public PostgresNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static PostgresNotFoundException AfterSearching(string searched) =>
        new($"No PostgreSQL server binaries found ({searched}). {Advice}");
}
