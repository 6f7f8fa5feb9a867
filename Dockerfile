# The harbour image: one image for every service, the launcher's subcommands choosing what runs
# (`receiver`, `indexer`, `query-api`, `certs`, `realm`, `token`, `retention`, `doctor`, ...).
# One image rather than one per service because the services share one classpath (cli depends on
# every module; per-service images would be 95% the same 67 MB of libraries), the one-shot admin
# commands (certs, realm, token) must run against the same code as the servers, and an upgrade is
# then one tag for the whole deployment.
#
# Built from the Maven artifacts, not by Maven inside the build (the build needs the machine's
# Maven cache and the Kafka and Elasticsearch distributions the tests use):
#   mvn -B -DskipTests -pl cli -am package && docker compose build     (or: docker build -t harbour:0.1.0 .)
FROM eclipse-temurin:17-jre-noble

# curl for the health checks (GET /readyz over TLS); nothing else.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 harbour \
 && useradd --system --uid 10001 --gid harbour --home-dir /var/lib/harbour --shell /usr/sbin/nologin harbour \
 && mkdir -p /var/lib/harbour/certs /etc/harbour \
 && chown -R harbour:harbour /var/lib/harbour \
 && chmod 700 /var/lib/harbour/certs

COPY cli/target/lib/ /opt/harbour/lib/
COPY cli/target/harbour.jar /opt/harbour/harbour.jar
COPY --chmod=755 deploy/docker/harbour /usr/local/bin/harbour

# JVM flags for containers, before HARBOUR_JAVA_OPTS (later flags win, so a service's -Xmx there
# replaces the percentage): the heap follows the container's memory limit, leaving room for Netty's
# direct buffers, metaspace and threads; an OutOfMemoryError ends the process so the engine restarts
# it instead of a half-working JVM; G1 keeps pauses short for servers answering senders.
ENV HARBOUR_JVM_DEFAULTS="-XX:MaxRAMPercentage=60 -XX:InitialRAMPercentage=25 -XX:+ExitOnOutOfMemoryError -XX:+UseG1GC -XX:+UseStringDeduplication -Djava.io.tmpdir=/tmp -Dfile.encoding=UTF-8" \
    HARBOUR_STATE_DIR=/var/lib/harbour

# The state volume: certificates (certs/) and the realm file (realms.yaml). A named volume mounted
# here starts with this directory's owner, so the non-root user can write it.
VOLUME ["/var/lib/harbour"]
WORKDIR /var/lib/harbour
USER harbour:harbour
EXPOSE 8443 8090

# exec form, and the launcher execs java: the JVM is pid 1 and gets SIGTERM itself, which runs the
# services' shutdown hooks (receiver: drain and wait for Kafka's acks; indexer: flush and commit).
ENTRYPOINT ["/usr/local/bin/harbour"]
CMD ["--help"]
