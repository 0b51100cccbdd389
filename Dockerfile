# EssayReader: the reading site in one container.
#
#   docker build -t essayreader .
#   docker run -p 8080:8080 -v essayreader-data:/data essayreader
#
# then open http://localhost:8080/.
#
# - Port 8080 (ASPNETCORE_HTTP_PORTS); the app runs as the image's non-root user `app` ($APP_UID).
# - Essays are baked in at /app/content (Content__Path). To serve other ones without a rebuild, mount
#   a folder over it: -v "$PWD/content:/app/content:ro" (edits show on the next request).
# - /data is a volume owned by `app`, for everything the site writes (Data__Path): the SQLite
#   database (essayreader.db, migrated at start-up) and the Data Protection keys (keys/) that keep
#   sign-in cookies valid across restarts. Back up that volume; nothing else in the container matters.
# - Behind a proxy, set Site__BaseUrl=https://your.host so canonical and OpenGraph links are right.
# - Health: GET /healthz answers 200 when the app can serve. No HEALTHCHECK here, because the runtime
#   image has neither curl nor wget: point the orchestrator's HTTP probe at /healthz instead.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore from the build settings and the project file alone, so the packages stay in a cached layer
# until one of these files changes. .editorconfig is needed too: the build enforces code style.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/EssayReader/EssayReader.csproj src/EssayReader/
# For the image's architecture (Docker's TARGETARCH: amd64 or arm64, which the SDK takes as x64 and
# arm64), with ReadyToRun: the code is compiled ahead of time, so a new container answers its first
# requests in about half the time instead of compiling every method first (bench/README.md).
ARG TARGETARCH
RUN dotnet restore src/EssayReader/EssayReader.csproj -a "$TARGETARCH" -p:PublishReadyToRun=true

COPY src/EssayReader/ src/EssayReader/
# The top level has no .dockerignore, so a developer's bin/, obj/ and local database (data/) come
# along with the sources: drop them (obj/ holds restore output with the host's paths), then publish;
# its restore finds every package already in the cache from the layer above.
RUN rm -rf src/EssayReader/bin src/EssayReader/obj src/EssayReader/data \
    && dotnet publish src/EssayReader/EssayReader.csproj -c Release -o /app -a "$TARGETARCH" --self-contained false \
        -p:PublishReadyToRun=true -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
# The runtime's settings (numbers in hex), each measured by bench/run.sh (bench/README.md):
# DOTNET_GCgen0size: the garbage collector's young-generation budget, 8 MB. Left alone it follows
# the L3 cache size the CPU reports, and cloud VMs report the whole host's (260 MB on the benchmark
# machine): the heap then grew to ~120 MB for ~40 MB of live objects.
# DOTNET_GCRegionSize: the GC's unit of memory, 1 MB instead of 4; for a heap of ~40 MB the larger
# regions kept ~8 MB committed and empty.
# DOTNET_TC_CallCountThreshold: calls before a method is compiled again, optimised for how it is
# used, 512 instead of 30; the hot paths get there within seconds all the same, and the lukewarm
# methods that never do keep their precompiled code instead of adding ~5 MB of recompiled code.
# MALLOC_ARENA_MAX: glibc gives busy threads malloc arenas of their own (up to 8 a core), each
# holding on to what was freed in it; two are plenty for the little the app allocates natively.
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_GCgen0size=0x800000 \
    DOTNET_GCRegionSize=0x100000 \
    DOTNET_TC_CallCountThreshold=0x200 \
    MALLOC_ARENA_MAX=2 \
    Content__Path=/app/content \
    Data__Path=/data

# Created and handed to `app` before it becomes a volume: a new named volume takes the owner of the
# folder it is mounted on, so the app can write there without running as root.
RUN mkdir /data && chown app:app /data
VOLUME /data

# Code and essays stay owned by root: the app reads them and cannot change them.
COPY --from=build /app ./
COPY content/ content/

USER $APP_UID
EXPOSE 8080
ENTRYPOINT ["dotnet", "EssayReader.dll"]
