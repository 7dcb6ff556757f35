using PointsDemo.PointsService.Apis;
using PointsDemo.PointsService.Data;
using PointsDemo.PointsService.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
if (await app.MigrateIfAskedAsync<PointsDbContext>(args))
{
    return;
}

app.UseConnectionCloseForOversizedBodies();
app.UseProblemDetailsForErrors();
app.UseSwaggerDocs();
await app.MigrateDbContextInDevelopmentAsync<PointsDbContext>();

app.MapDefaultEndpoints();
app.MapPointsApi();
if (app.Environment.IsDevelopment())
{
    app.MapFaultsApi();
}

await app.RunAsync();
