using Org.Apache.Rocketmq;

namespace PointsDemo.CSharpClientCheck;

/// <summary>Where the broker is, how to sign for it and which checks to run, from the command line.</summary>
internal sealed record CheckOptions(string Endpoint, string? AccessKey, string? SecretKey, string Phase)
{
    public const string TransactionTopic = "user-registered";
    public const string NormalTopic = "normal-messages";
    public const string Group = "points-service";

    public static CheckOptions Parse(IReadOnlyList<string> args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var endpoint = Value("--endpoint") ?? throw new ArgumentException(
            "usage: CSharpClientCheck --endpoint <host:port> [--access-key <key> --secret-key <secret>] [--phase flows|before-kill|after-restart]");
        return new CheckOptions(endpoint, Value("--access-key"), Value("--secret-key"), Value("--phase") ?? "flows");
    }

    /// <summary>The client's configuration: plaintext HTTP/2, as the dev broker serves it, signed when a key is given.</summary>
    public ClientConfig Config(string? secretKey = null)
    {
        var config = new ClientConfig.Builder().SetEndpoints(Endpoint).EnableSsl(false).SetRequestTimeout(TimeSpan.FromSeconds(5));
        if (AccessKey is not null)
        {
            config.SetCredentialsProvider(new StaticSessionCredentialsProvider(AccessKey, secretKey ?? SecretKey));
        }

        return config.Build();
    }
}
