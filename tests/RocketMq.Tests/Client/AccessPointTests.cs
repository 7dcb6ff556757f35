using Apache.Rocketmq.V2;
using PointsDemo.RocketMq.Internal.Transport;

namespace PointsDemo.RocketMq.Tests.Client;

public sealed class AccessPointTests
{
    [Fact]
    public void Parses_one_endpoint()
    {
        var accessPoint = AccessPoint.Parse("127.0.0.1:8081");

        Assert.Equal([new Endpoint("127.0.0.1", 8081)], accessPoint.Endpoints);
        Assert.Equal(AddressScheme.Ipv4, accessPoint.Proto.Scheme);
        Assert.Equal("127.0.0.1", Assert.Single(accessPoint.Proto.Addresses).Host);
        Assert.Equal(8081, accessPoint.Proto.Addresses[0].Port);
    }

    [Fact]
    public void Parses_several_endpoints_separated_by_semicolons_and_sends_them_together()
    {
        var accessPoint = AccessPoint.Parse(" 10.0.0.1:8081 ; 10.0.0.2:8082;");

        Assert.Equal([new Endpoint("10.0.0.1", 8081), new Endpoint("10.0.0.2", 8082)], accessPoint.Endpoints);
        Assert.Equal(2, accessPoint.Proto.Addresses.Count);
        Assert.Equal("10.0.0.1:8081;10.0.0.2:8082", accessPoint.ToString());
    }

    [Fact]
    public void Parses_endpoints_separated_by_commas_as_a_connection_string_gives_them()
    {
        var accessPoint = AccessPoint.Parse("10.0.0.1:8081,10.0.0.2:8082;[::1]:8083");

        Assert.Equal([new Endpoint("10.0.0.1", 8081), new Endpoint("10.0.0.2", 8082), new Endpoint("::1", 8083)], accessPoint.Endpoints);
    }

    [Fact]
    public void Sends_only_the_first_host_name_since_official_clients_refuse_several_under_the_domain_scheme()
    {
        var accessPoint = AccessPoint.Parse("rocketmq-a:8081;rocketmq-b:8081");

        Assert.Equal(AddressScheme.DomainName, accessPoint.Proto.Scheme);
        Assert.Equal("rocketmq-a", Assert.Single(accessPoint.Proto.Addresses).Host);
        Assert.Equal(2, accessPoint.Endpoints.Count);
    }

    [Fact]
    public void Parses_bracketed_ipv6_and_tolerates_a_scheme_prefix()
    {
        var accessPoint = AccessPoint.Parse("[::1]:8081;http://localhost:8081/");

        Assert.Equal([new Endpoint("::1", 8081), new Endpoint("localhost", 8081)], accessPoint.Endpoints);
        Assert.Equal(AddressScheme.Ipv6, accessPoint.Endpoints[0].Scheme);
        Assert.Equal(new Uri("http://[::1]:8081"), accessPoint.Endpoints[0].ToUri(tls: false));
        Assert.Equal(new Uri("https://localhost:8081"), accessPoint.Endpoints[1].ToUri(tls: true));
        Assert.Equal("[::1]:8081", accessPoint.Endpoints[0].ToString());
    }

    [Theory]
    [InlineData("", "no endpoint given (expected host:port[;host:port])")]
    [InlineData(" ; ", "no endpoint given (expected host:port[;host:port])")]
    [InlineData("localhost", "'localhost' is not host:port (expected host:port[;host:port])")]
    [InlineData("localhost:", "'localhost:' is not host:port (expected host:port[;host:port])")]
    [InlineData("localhost:http", "'localhost:http' is not host:port (expected host:port[;host:port])")]
    [InlineData("localhost:70000", "'localhost:70000' is not host:port (expected host:port[;host:port])")]
    [InlineData(":8081", "':8081' is not host:port (expected host:port[;host:port])")]
    [InlineData("::1:8081", "'::1:8081' is not host:port (expected host:port[;host:port])")]
    [InlineData("127.0.0.1:8081;bad", "'bad' is not host:port (expected host:port[;host:port])")]
    public void Refuses_what_is_not_host_port_with_a_clear_reason(string value, string expected)
    {
        Assert.False(AccessPoint.TryParse(value, out _, out var error));
        Assert.Equal(expected, error);
        Assert.Equal(expected, Assert.Throws<FormatException>(() => AccessPoint.Parse(value)).Message);
    }

    [Fact]
    public void Reads_a_route_broker_by_its_first_address()
    {
        var endpoints = new Endpoints { Scheme = AddressScheme.Ipv4, Addresses = { new Address { Host = "10.0.0.9", Port = 8081 }, new Address { Host = "10.0.0.10", Port = 8081 } } };

        Assert.Equal(new Endpoint("10.0.0.9", 8081), Endpoint.FromProto(endpoints));
        Assert.Throws<FormatException>(() => Endpoint.FromProto(new Endpoints()));
    }
}
