using PointsDemo.UserService.Apis;
using PointsDemo.UserService.Data;
using PointsDemo.UserService.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
if (await app.MigrateIfAskedAsync<UsersDbContext>(args))
{
    return;
}

app.UseConnectionCloseForOversizedBodies();
app.UseProblemDetailsForErrors();
app.UseSwaggerDocs();
await app.MigrateDbContextInDevelopmentAsync<UsersDbContext>();

app.MapDefaultEndpoints();
app.MapUsersApi();
if (app.Environment.IsDevelopment())
{
    app.MapFaultsApi();
}

await app.RunAsync();
