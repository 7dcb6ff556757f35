# One image recipe for both services: build with --build-arg SERVICE=UserService (or PointsService).
# The build context is the repository root (see docker-compose.yml).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG SERVICE
WORKDIR /src

# Restore first, from the project files alone, so the package layer is reused until a project changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY RocketMq/Protocol/RocketMq.Protocol.csproj RocketMq/Protocol/
COPY RocketMq/Client/RocketMq.Client.csproj RocketMq/Client/
COPY ServiceDefaults/ServiceDefaults.csproj ServiceDefaults/
COPY UserService/UserService.csproj UserService/
COPY PointsService/PointsService.csproj PointsService/
RUN dotnet restore "$SERVICE/$SERVICE.csproj"

COPY Shared/ Shared/
COPY RocketMq/Protocol/ RocketMq/Protocol/
COPY RocketMq/Client/ RocketMq/Client/
COPY ServiceDefaults/ ServiceDefaults/
COPY UserService/ UserService/
COPY PointsService/ PointsService/
RUN dotnet publish "$SERVICE/$SERVICE.csproj" --no-restore -c Release -o /app -p:UseAppHost=false

# Runtime: the ASP.NET Core image on Alpine (small, and with busybox wget for the health check),
# running as the image's non-root "app" user.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-alpine AS runtime
ARG SERVICE
ENV SERVICE_ASSEMBLY=$SERVICE.dll \
    ASPNETCORE_HTTP_PORTS=8080
WORKDIR /app
COPY --from=build /app ./
USER $APP_UID
EXPOSE 8080
HEALTHCHECK --interval=5s --timeout=3s --start-period=20s --retries=10 \
  CMD wget -q -O /dev/null http://127.0.0.1:8080/health || exit 1
ENTRYPOINT ["sh", "-c", "exec dotnet \"/app/$SERVICE_ASSEMBLY\""]
