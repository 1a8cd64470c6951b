ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

# Build stage: runs natively on the build machine, restores in its own cached layer, publishes for the target arch,
# ReadyToRun (precompiled: the app and each migrate/backup one-off start ~0.4 s sooner, which a deploy waits for).
FROM --platform=$BUILDPLATFORM ${SDK_IMAGE} AS build
ARG TARGETARCH
ARG VERSION=0.0.0-local
ARG INFORMATIONAL_VERSION=${VERSION}
ARG COMMIT=unknown
WORKDIR /source
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Catalog.Api/Catalog.Api.csproj src/Catalog.Api/
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet restore src/Catalog.Api/Catalog.Api.csproj -a $TARGETARCH -p:PublishReadyToRun=true
COPY src/Catalog.Api/ src/Catalog.Api/
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish src/Catalog.Api/Catalog.Api.csproj -a $TARGETARCH --no-restore -c Release -o /app -p:PublishReadyToRun=true \
        -p:Version=$VERSION -p:InformationalVersion=$INFORMATIONAL_VERSION -p:SourceRevisionId=$COMMIT \
    && mkdir -p /writable/data /writable/logs

# Runtime stage: ASP.NET runtime only; app files owned by root, only data and logs writable by the app user.
FROM ${RUNTIME_IMAGE}
WORKDIR /app
COPY --from=build /app .
COPY --from=build --chown=$APP_UID:$APP_UID /writable/ /app/
VOLUME ["/app/data", "/app/logs"]
USER $APP_UID
EXPOSE 8080
HEALTHCHECK CMD ["dotnet", "Catalog.Api.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "Catalog.Api.dll"]
