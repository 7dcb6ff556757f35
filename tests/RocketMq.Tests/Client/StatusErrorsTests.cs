using System.Reflection;
using Apache.Rocketmq.V2;
using Grpc.Core;
using PointsDemo.RocketMq.Internal.Transport;

namespace PointsDemo.RocketMq.Tests.Client;

public sealed class StatusErrorsTests
{
    public static TheoryData<Code, Type> Families => new()
    {
        { Code.BadRequest, typeof(BadRequestException) },
        { Code.IllegalTopic, typeof(BadRequestException) },
        { Code.IllegalInvisibleTime, typeof(BadRequestException) },
        { Code.InvalidReceiptHandle, typeof(BadRequestException) },
        { Code.MessagePropertyConflictWithType, typeof(BadRequestException) },
        { Code.ClientIdRequired, typeof(BadRequestException) },
        { Code.IllegalPollingTime, typeof(BadRequestException) },
        { Code.Unauthorized, typeof(UnauthorizedException) },
        { Code.PaymentRequired, typeof(PaymentRequiredException) },
        { Code.Forbidden, typeof(ForbiddenException) },
        { Code.NotFound, typeof(NotFoundException) },
        { Code.MessageNotFound, typeof(NotFoundException) },
        { Code.TopicNotFound, typeof(NotFoundException) },
        { Code.ConsumerGroupNotFound, typeof(NotFoundException) },
        { Code.PayloadTooLarge, typeof(PayloadTooLargeException) },
        { Code.MessageBodyTooLarge, typeof(PayloadTooLargeException) },
        { Code.MessageBodyEmpty, typeof(PayloadEmptyException) },
        { Code.TooManyRequests, typeof(TooManyRequestsException) },
        { Code.RequestHeaderFieldsTooLarge, typeof(RequestHeaderFieldsTooLargeException) },
        { Code.MessagePropertiesTooLarge, typeof(RequestHeaderFieldsTooLargeException) },
        { Code.InternalError, typeof(InternalErrorException) },
        { Code.InternalServerError, typeof(InternalErrorException) },
        { Code.HaNotAvailable, typeof(InternalErrorException) },
        { Code.ProxyTimeout, typeof(ProxyTimeoutException) },
        { Code.MasterPersistenceTimeout, typeof(ProxyTimeoutException) },
        { Code.SlavePersistenceTimeout, typeof(ProxyTimeoutException) },
        { Code.NotImplemented, typeof(UnsupportedException) },
        { Code.Unsupported, typeof(UnsupportedException) },
        { Code.VersionUnsupported, typeof(UnsupportedException) },
        { Code.RequestTimeout, typeof(UnsupportedException) },
        { Code.FailedToConsumeMessage, typeof(UnsupportedException) },
        { Code.Unspecified, typeof(UnsupportedException) },
    };

    [Theory]
    [MemberData(nameof(Families))]
    public void Maps_each_code_to_the_exception_of_its_family_carrying_code_and_message(Code code, Type expected)
    {
        var exception = Assert.IsAssignableFrom<RocketMqException>(
            Record.Exception(() => StatusErrors.ThrowIfFailed(new Apache.Rocketmq.V2.Status { Code = code, Message = "the broker says" }, "SendMessage")));

        Assert.IsType(expected, exception);
        Assert.Equal(((int)code, code.ToString()), ((int)exception.Code, exception.Code.ToString()));
        Assert.Equal("the broker says", exception.StatusMessage);
        Assert.Equal($"SendMessage failed: {code} ({(int)code}) the broker says", exception.Message);
    }

    [Theory]
    [InlineData(Code.Ok)]
    [InlineData(Code.MultipleResults)]
    public void Success_codes_do_not_throw(Code code) =>
        StatusErrors.ThrowIfFailed(new Apache.Rocketmq.V2.Status { Code = code }, "SendMessage");

    [Fact]
    public void A_missing_status_is_the_brokers_internal_error()
    {
        var exception = Assert.Throws<InternalErrorException>(() => StatusErrors.ThrowIfFailed(null, "ReceiveMessage"));
        Assert.Equal(RocketMqStatusCode.InternalServerError, exception.Code);
    }

    [Theory]
    [InlineData(StatusCode.Unavailable)]
    [InlineData(StatusCode.DeadlineExceeded)]
    [InlineData(StatusCode.Internal)]
    [InlineData(StatusCode.Cancelled)]
    public void Transport_failures_are_broker_unavailable(StatusCode status)
    {
        var exception = RpcErrors.Map(new RpcException(new Grpc.Core.Status(status, "connection refused")), new Endpoint("127.0.0.1", 8081), "QueryRoute", accessKey: null);

        var unavailable = Assert.IsType<BrokerUnavailableException>(exception);
        Assert.Equal(RocketMqStatusCode.Unspecified, unavailable.Code);
        Assert.Equal("127.0.0.1:8081", unavailable.Endpoint);
        Assert.StartsWith("QueryRoute to 127.0.0.1:8081 failed: broker unavailable", unavailable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_telemetry_settings_is_a_bad_request()
    {
        var exception = RpcErrors.Map(new RpcException(new Grpc.Core.Status(StatusCode.InvalidArgument, "no publishing or subscription")), new Endpoint("h", 1), "Telemetry", accessKey: null);

        Assert.IsType<BadRequestException>(exception);
    }

    [Fact]
    public void Only_transport_throttling_and_server_failures_are_worth_another_attempt()
    {
        Assert.True(StatusErrors.IsTransient(new BrokerUnavailableException("h:1", "SendMessage", "refused")));
        Assert.True(StatusErrors.IsTransient(StatusErrors.Create(Code.TooManyRequests, "", "SendMessage")));
        Assert.True(StatusErrors.IsTransient(StatusErrors.Create(Code.InternalServerError, "", "SendMessage")));
        Assert.True(StatusErrors.IsTransient(StatusErrors.Create(Code.MasterPersistenceTimeout, "", "SendMessage")));
        Assert.False(StatusErrors.IsTransient(StatusErrors.Create(Code.MessagePropertyConflictWithType, "", "SendMessage")));
        Assert.False(StatusErrors.IsTransient(StatusErrors.Create(Code.TopicNotFound, "", "SendMessage")));
        Assert.False(StatusErrors.IsTransient(StatusErrors.Create(Code.Unsupported, "", "SendMessage")));
    }

    [Fact]
    public void Every_protocol_code_is_a_library_code_of_the_same_name_and_number_and_back()
    {
        Assert.All(Enum.GetValues<Code>(), code =>
        {
            var mapped = StatusErrors.ToStatusCode(code);
            Assert.True(Enum.IsDefined(mapped), $"{code} ({(int)code}) has no library code");
            Assert.Equal(((int)code, code.ToString()), ((int)mapped, mapped.ToString()));
        });
        Assert.All(Enum.GetValues<RocketMqStatusCode>(), code => Assert.True(Enum.IsDefined((Code)(int)code), $"{code} is not a protocol code"));
    }

    [Fact]
    public void A_code_a_newer_proxy_adds_keeps_its_number_and_its_family()
    {
        var exception = StatusErrors.Create((Code)40499, "the broker says", "ReceiveMessage");

        Assert.IsType<NotFoundException>(exception);
        Assert.Equal(40499, (int)exception.Code);
    }

    [Fact]
    public void The_public_api_shows_no_generated_protocol_type()
    {
        static IEnumerable<Type> Mentioned(Type type) =>
            type.HasElementType ? Mentioned(type.GetElementType()!) : [type, .. type.GenericTypeArguments.SelectMany(Mentioned)];

        const BindingFlags Visible = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var leaks = typeof(Producer).Assembly.GetExportedTypes().SelectMany(type => type.GetMembers(Visible)
            .Where(member => member switch
            {
                MethodBase method => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly,
                FieldInfo field => field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly,
                PropertyInfo property => property.GetAccessors(nonPublic: true).Any(a => a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly),
                _ => false,
            })
            .SelectMany(member => member switch
            {
                MethodInfo method => [method.ReturnType, .. method.GetParameters().Select(p => p.ParameterType)],
                ConstructorInfo constructor => constructor.GetParameters().Select(p => p.ParameterType),
                FieldInfo field => [field.FieldType],
                PropertyInfo property => [property.PropertyType],
                _ => Type.EmptyTypes,
            })
            .Concat([.. type.GetInterfaces(), type.BaseType ?? typeof(object)])
            .SelectMany(Mentioned)
            .Where(mentioned => mentioned.Namespace == typeof(Code).Namespace)
            .Select(mentioned => $"{type.Name} shows {mentioned.Name}"))
            .Distinct();

        Assert.Empty(leaks);
    }
}
