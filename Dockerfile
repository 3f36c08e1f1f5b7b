# syntax=docker/dockerfile:1
# One image for every Faultline process (docker-compose.yml picks the jar with FAULTLINE_JAR).
# Stage 1 builds all modules with Maven on JDK 21; stage 2 is a JRE 21 with the jars, run as a non-root user.
FROM maven:3.9.9-eclipse-temurin-21 AS build
WORKDIR /src
# The poms alone first: the dependencies resolve in a layer of their own, so editing a source file does not
# download them all again (and Maven's repository is a build cache across image builds as well).
COPY pom.xml ./
COPY observability/pom.xml observability/
COPY platform/pom.xml platform/
COPY chaos/model/pom.xml chaos/model/
COPY pki/pom.xml pki/
COPY chaos/engine/pom.xml chaos/engine/
COPY chaos/runner/pom.xml chaos/runner/
COPY services/users/pom.xml services/users/
COPY services/catalog/pom.xml services/catalog/
COPY services/orders/pom.xml services/orders/
COPY services/payments/pom.xml services/payments/
COPY services/shipping/pom.xml services/shipping/
COPY broker/pom.xml broker/
COPY auth/pom.xml auth/
COPY gateway/pom.xml gateway/
COPY console/pom.xml console/
COPY cli/pom.xml cli/
COPY architecture/pom.xml architecture/
RUN --mount=type=cache,target=/root/.m2 mvn -B -q dependency:go-offline
COPY . .
# online still: go-offline misses what plugins load at run time (surefire's own dependencies)
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests package

FROM eclipse-temurin:21.0.5_11-jre
# curl for the healthchecks; a system user without a shell login owns the data and secrets directories (owner-only: a
# named volume takes the mode and owner of the directory it is mounted on).
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system faultline \
 && useradd --system --gid faultline --home-dir /app --shell /usr/sbin/nologin faultline \
 && mkdir -p /data/users /data/catalog /data/orders /data/payments /data/gateway /data/broker /data/shipping /data/auth \
    /secrets/users \
 && chown -R faultline:faultline /data /secrets \
 && chmod -R 0700 /data /secrets
WORKDIR /app
# Each jar finds its dependencies in libs/ beside it (its manifest's Class-Path).
COPY --from=build /src/services/users/target/users.jar /app/users/
COPY --from=build /src/services/users/target/libs/ /app/users/libs/
COPY --from=build /src/services/catalog/target/catalog.jar /app/catalog/
COPY --from=build /src/services/catalog/target/libs/ /app/catalog/libs/
COPY --from=build /src/services/orders/target/orders.jar /app/orders/
COPY --from=build /src/services/orders/target/libs/ /app/orders/libs/
COPY --from=build /src/services/payments/target/payments.jar /app/payments/
COPY --from=build /src/services/payments/target/libs/ /app/payments/libs/
COPY --from=build /src/services/shipping/target/shipping.jar /app/shipping/
COPY --from=build /src/services/shipping/target/libs/ /app/shipping/libs/
COPY --from=build /src/broker/target/broker.jar /app/broker/
COPY --from=build /src/broker/target/libs/ /app/broker/libs/
COPY --from=build /src/console/target/console.jar /app/console/
COPY --from=build /src/console/target/libs/ /app/console/libs/
# the scenario library the console runs from
COPY --from=build /src/chaos/scenarios/ /app/chaos/scenarios/
COPY --from=build /src/auth/target/auth.jar /app/auth/
COPY --from=build /src/auth/target/libs/ /app/auth/libs/
COPY --from=build /src/gateway/target/gateway.jar /app/gateway/
COPY --from=build /src/gateway/target/libs/ /app/gateway/libs/
USER faultline
# The same flags as local mode (Topology.SERVICE_JVM_OPTIONS; a test keeps them equal); compose sets them.
ENV JAVA_OPTS=""
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/$FAULTLINE_JAR"]
