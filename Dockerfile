# syntax=docker/dockerfile:1
# Gatehouse: one compiled binary on a distroless base, running as non-root on port 9400.
#
#   docker build -t gatehouse .                                  # compiles from source
#   docker build --build-arg BINARY_FROM=dist -t gatehouse .     # uses dist/gatehouse-*-linux-gnu
#
# Multi-arch: `docker buildx build --platform linux/amd64,linux/arm64 .` cross-compiles on the
# build machine (deno compile --target), so no emulation is needed.

ARG DENO_VERSION=2.9.6
# source: run `deno task compile` here; dist: take the release binaries already in dist/.
ARG BINARY_FROM=source

FROM --platform=$BUILDPLATFORM denoland/deno:${DENO_VERSION} AS binary-source
ARG TARGETARCH
USER root
WORKDIR /src
COPY deno.json deno.lock main.ts mod.ts ./
COPY src/ src/
COPY views/ views/
COPY tools/compile.ts tools/
RUN case "$TARGETARCH" in \
      amd64) target=x86_64-unknown-linux-gnu ;; \
      arm64) target=aarch64-unknown-linux-gnu ;; \
      *) echo "Gatehouse has no build for linux/$TARGETARCH" >&2; exit 1 ;; \
    esac \
 && deno task compile "$target" \
 && install -m 0755 "dist/gatehouse-$target" /gatehouse

FROM --platform=$BUILDPLATFORM denoland/deno:${DENO_VERSION} AS binary-dist
ARG TARGETARCH
USER root
COPY dist/ /dist/
RUN case "$TARGETARCH" in \
      amd64) target=x86_64-unknown-linux-gnu ;; \
      arm64) target=aarch64-unknown-linux-gnu ;; \
      *) echo "Gatehouse has no build for linux/$TARGETARCH" >&2; exit 1 ;; \
    esac \
 && install -m 0755 "/dist/gatehouse-$target" /gatehouse

FROM binary-${BINARY_FROM} AS binary
# A directory the non-root user may write, for GATEHOUSE_KV=/data/gatehouse.kv.
RUN mkdir -p /data

# The binary links against glibc; distroless/cc has glibc, libgcc and OpenSSL 3's libcrypto.so.3
# (which `--crypto auto` signs with) and nothing else (no shell).
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=binary /gatehouse /gatehouse
COPY --from=binary --chown=65532:65532 /data /data
# Every flag is also a GATEHOUSE_* variable; service containers start before checkout, so
# users and clients are usually given inline: GATEHOUSE_USERS='[{"sub":"alice"}]'.
# With GATEHOUSE_TLS=true the local CA lives in /data/ca: mount /data and the CA you trusted
# once survives a new container.
ENV GATEHOUSE_HOST=0.0.0.0 \
    GATEHOUSE_PORT=9400 \
    GATEHOUSE_TLS_CA_DIR=/data/ca
WORKDIR /data
USER 65532:65532
EXPOSE 9400
# Exec form: runs without a shell or curl. Reads GATEHOUSE_PORT, so it follows a changed port,
# and GATEHOUSE_TLS and GATEHOUSE_TLS_CA_DIR, so it probes https trusting the local CA.
HEALTHCHECK --interval=5s --timeout=3s --start-period=5s --retries=3 \
  CMD ["/gatehouse", "healthcheck"]
ENTRYPOINT ["/gatehouse"]
