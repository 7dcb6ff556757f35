using System.Data.Common;
using System.Globalization;

namespace PointsDemo.RocketMq.Internal.Configuration;

/// <summary>
/// The connection string an orchestrator hands the application (Aspire's <c>WithReference</c> sets
/// <c>ConnectionStrings:&lt;name&gt;</c>): either a bare list of endpoints (<c>host:port[;host:port]</c>,
/// no <c>=</c> anywhere), or key=value pairs read by <see cref="DbConnectionStringBuilder"/>'s rules:
/// <c>Endpoints</c> (several separated by commas, or quoted), <c>EnableTls</c>, <c>AccessKey</c>,
/// <c>SecretKey</c>, <c>SessionToken</c> and <c>Namespace</c>. Errors name a key, never a value: the string may hold a secret.
/// </summary>
internal sealed class RocketMqConnectionString
{
    public const string Format = "Endpoints=host:port[,host:port][;EnableTls=true|false][;AccessKey=...;SecretKey=...[;SessionToken=...]][;Namespace=...]";

    private static readonly string[] Keys = [nameof(Endpoints), nameof(EnableTls), nameof(AccessKey), nameof(SecretKey), nameof(SessionToken), nameof(Namespace)];

    public string? Endpoints { get; private init; }

    public bool? EnableTls { get; private init; }

    public string? AccessKey { get; private init; }

    public string? SecretKey { get; private init; }

    public string? SessionToken { get; private init; }

    public string? Namespace { get; private init; }

    /// <summary>Reads <paramref name="value"/>; the error completes a sentence that starts with the connection string's key.</summary>
    public static bool TryParse(string value, out RocketMqConnectionString parsed, out string error)
    {
        ArgumentNullException.ThrowIfNull(value);
        parsed = new RocketMqConnectionString();
        error = "";
        if (!value.Contains('=', StringComparison.Ordinal))
        {
            parsed = new RocketMqConnectionString { Endpoints = value };
            return true;
        }

        var pairs = new DbConnectionStringBuilder();
        try
        {
            pairs.ConnectionString = value;
        }
        catch (ArgumentException)
        {
            // The builder's message points into the string; ours does not repeat any of it.
            error = $"is neither a list of endpoints nor key=value pairs (expected host:port[;host:port] or {Format})";
            return false;
        }

        if (pairs.Keys.Cast<string>().FirstOrDefault(key => !Keys.Contains(key, StringComparer.OrdinalIgnoreCase)) is { } unknown)
        {
            error = $"has an unknown key '{unknown}' (known: {string.Join(", ", Keys)})";
            return false;
        }

        bool? enableTls = null;
        if (Read(pairs, nameof(EnableTls)) is { } tls)
        {
            if (!bool.TryParse(tls, out var on))
            {
                error = $"has an {nameof(EnableTls)} that is neither true nor false";
                return false;
            }

            enableTls = on;
        }

        parsed = new RocketMqConnectionString
        {
            Endpoints = Read(pairs, nameof(Endpoints)),
            EnableTls = enableTls,
            AccessKey = Read(pairs, nameof(AccessKey)),
            SecretKey = Read(pairs, nameof(SecretKey)),
            SessionToken = Read(pairs, nameof(SessionToken)),
            Namespace = Read(pairs, nameof(Namespace)),
        };
        return true;
    }

    /// <summary>Sets what the connection string gives over what <paramref name="options"/> hold.</summary>
    public void ApplyTo(RocketMqOptions options)
    {
        options.Endpoints = Endpoints ?? options.Endpoints;
        options.EnableTls = EnableTls ?? options.EnableTls;
        options.AccessKey = AccessKey ?? options.AccessKey;
        options.SecretKey = SecretKey ?? options.SecretKey;
        options.SessionToken = SessionToken ?? options.SessionToken;
        options.Namespace = Namespace ?? options.Namespace;
    }

    private static string? Read(DbConnectionStringBuilder pairs, string key) =>
        pairs.TryGetValue(key, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;
}
