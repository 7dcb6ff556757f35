using Aspire.Hosting;

namespace PointsDemo.Deployment.Tests;

/// <summary>
/// RunAsDevBroker() without a type runs the broker from the PointsDemo.RocketMq.DevBroker package, whose
/// build file records the program's path in the AppHost. Packaging.Tests runs it from the package; here,
/// an AppHost without the package learns what to add.
/// </summary>
public sealed class RunAsDevBrokerPackageTests
{
    [Fact]
    public void Without_the_DevBroker_package_the_call_names_the_package_to_reference()
    {
        var builder = DockerModeModel.CreateBuilder();
        var rocketmq = builder.AddRocketMq("rocketmq").WithTopic("greetings");

        var error = Assert.Throws<DistributedApplicationException>(() => rocketmq.RunAsDevBroker());

        Assert.Contains("PackageReference to it", error.Message, StringComparison.Ordinal);
        Assert.Contains("PointsDemo.RocketMq.DevBroker", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(builder.Resources, r => r.Name == "rocketmq-broker");
    }
}
