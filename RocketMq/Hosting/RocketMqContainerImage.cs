namespace Aspire.Hosting;

/// <summary>
/// What the RocketMQ containers are made of: the image, and where its user's files are. Kept out of
/// the public surface so that a new image or layout is not a breaking change.
/// </summary>
internal static class RocketMqContainerImage
{
    public const string Image = "apache/rocketmq";

    /// <summary>The tag RocketMQ's own quick starts use; <c>WithImageTag</c> overrides it.</summary>
    public const string Tag = "5.3.1";

    /// <summary>The image user's home, where the configuration files are copied.</summary>
    public const string Home = "/home/rocketmq";

    /// <summary>
    /// Where the broker keeps its messages, topics, offsets and users: <c>storePathRootDir</c> in
    /// <c>broker.conf</c>, the image user's default written out, and where the store volume is mounted.
    /// </summary>
    public const string StoreFolder = $"{Home}/store";

    /// <summary>
    /// The script the broker and the proxy start through: it renders the <c>broker.conf</c> or
    /// <c>rmq-proxy.json</c> beside it, with the key pair and the OTLP endpoint from its environment,
    /// into <see cref="RenderedFolder"/>, then runs its arguments.
    /// </summary>
    public const string SettingsScript = "with-settings.sh";

    /// <summary>Where <see cref="SettingsScript"/> writes the files the broker and the proxy then read.</summary>
    public const string RenderedFolder = $"{Home}/rendered";

    /// <summary>The variable the scripts read the access key from.</summary>
    public const string AccessKeyVariable = "ROCKETMQ_ACCESS_KEY";

    /// <summary>The image's user (uid 3000 in apache/rocketmq-docker's image-build/Dockerfile-ubuntu).</summary>
    public const string User = "rocketmq:rocketmq";

    public const int UserId = 3000;
}
