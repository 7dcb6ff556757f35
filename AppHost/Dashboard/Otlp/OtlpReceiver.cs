using System.IO.Compression;
using Google.Protobuf;
using Microsoft.Net.Http.Headers;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace PointsDemo.AppHost.Dashboard.Otlp;

/// <summary>
/// OTLP/HTTP: <c>POST /v1/traces</c>, <c>/v1/logs</c> and <c>/v1/metrics</c>, in protobuf
/// (what the .NET exporter sends) or JSON. Answers with the signal's empty Export*ServiceResponse
/// in the request's content type, 415 for other content types and 400 for bodies that do not parse.
/// </summary>
internal static class OtlpReceiver
{
    public const string ProtobufContentType = "application/x-protobuf";
    public const string JsonContentType = "application/json";

    // The standalone Aspire dashboard allows 4 MB; the exporter batches well below that.
    private const int MaxBodyBytes = 4 * 1024 * 1024;

    public static IEndpointRouteBuilder MapOtlpReceiver(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/traces", (HttpRequest request, OtlpTranslator translator, CancellationToken ct) =>
            ReceiveAsync(request, ExportTraceServiceRequest.Parser, translator.Accept, new ExportTraceServiceResponse(), ct));
        endpoints.MapPost("/v1/logs", (HttpRequest request, OtlpTranslator translator, CancellationToken ct) =>
            ReceiveAsync(request, ExportLogsServiceRequest.Parser, translator.Accept, new ExportLogsServiceResponse(), ct));
        endpoints.MapPost("/v1/metrics", (HttpRequest request, OtlpTranslator translator, CancellationToken ct) =>
            ReceiveAsync(request, ExportMetricsServiceRequest.Parser, translator.Accept, new ExportMetricsServiceResponse(), ct));
        return endpoints;
    }

    private static async Task<IResult> ReceiveAsync<TRequest>(
        HttpRequest request, MessageParser<TRequest> parser, Action<TRequest> accept, IMessage response, CancellationToken cancellationToken)
        where TRequest : IMessage<TRequest>, new()
    {
        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value : null;
        var isJson = string.Equals(mediaType, JsonContentType, StringComparison.OrdinalIgnoreCase);
        if (!isJson && !string.Equals(mediaType, ProtobufContentType, StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }

        byte[] body;
        try
        {
            body = await ReadBodyAsync(request, cancellationToken);
        }
        catch (InvalidDataException)
        {
            return TypedResults.BadRequest("The body could not be read (gzip, size).");
        }

        TRequest message;
        try
        {
            message = isJson ? OtlpJson.Parse<TRequest>(System.Text.Encoding.UTF8.GetString(body)) : parser.ParseFrom(body);
        }
        catch (Exception error) when (error is InvalidProtocolBufferException or InvalidJsonException or FormatException or System.Text.Json.JsonException)
        {
            return TypedResults.BadRequest($"The body is not a valid {typeof(TRequest).Name}: {error.Message}");
        }

        accept(message);
        return isJson
            ? TypedResults.Text(JsonFormatter.Default.Format(response), JsonContentType)
            : TypedResults.Bytes(response.ToByteArray(), ProtobufContentType);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        // The .NET exporter does not compress, others may: gzip costs little to accept.
        var gzip = string.Equals(request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase);
        await using var decompressed = gzip ? new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true) : null;
        var source = (Stream?)decompressed ?? request.Body;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new InvalidDataException($"The body is larger than {MaxBodyBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
