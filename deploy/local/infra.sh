#!/usr/bin/env bash
# Brings up the servers Voltlane's integration tests and distributed mode need, on loopback and
# without Docker: Apache Kafka in KRaft mode (jars from Maven Central via deploy/local/kafka/pom.xml,
# run with the machine's Java 17), Redis and PostgreSQL (Debian packages, own configs and data).
#
#   bash deploy/local/infra.sh up             start what is not running; print the env (only that) on stdout
#   bash deploy/local/infra.sh env            print the env exports without checking anything
#   bash deploy/local/infra.sh status         one line per server; exit 0 only when all three run
#   bash deploy/local/infra.sh down [--purge] stop all three; --purge also deletes their data
#   bash deploy/local/infra.sh stop SERVER    stop one server (kafka, redis or postgres), keep its data
#   bash deploy/local/infra.sh start SERVER   start one server again and wait until it answers
#
#   eval "$(bash deploy/local/infra.sh up)"   # sets KAFKA_BROKERS, REDIS_URL, DATABASE_URL (and the
#                                             # KAFKA_SASL_SSL_BROKERS, KAFKA_MTLS_BROKERS, KAFKA_TEST_*
#                                             # of the secured listeners, see kafka_tls below)
#
# Settings (environment): VOLTLANE_KAFKA_PORT (39092; its controller listens on the next port),
# VOLTLANE_KAFKA_SASL_PORT (SASL_SSL listener; Kafka port + 2), VOLTLANE_KAFKA_MTLS_PORT (SSL
# listener that requires a client certificate; Kafka port + 3),
# VOLTLANE_REDIS_PORT (36379), VOLTLANE_PG_PORT (35432), VOLTLANE_INFRA_DIR (state: data, pids,
# logs; ~/.cache/voltlane/infra), VOLTLANE_CACHE (Kafka jars; ~/.cache/voltlane),
# VOLTLANE_INFRA_TIMEOUT (seconds to wait for each server; 120).
#
# Progress goes to stderr. Every server is started detached (own session, stdio on log files), so
# neither `eval "$(... up)"` nor a CI log pipe waits on it.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
HOME_DIR="${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}"

HOST=127.0.0.1
KAFKA_PORT="${VOLTLANE_KAFKA_PORT:-39092}"
KAFKA_CONTROLLER_PORT="$((KAFKA_PORT + 1))"
KAFKA_SASL_PORT="${VOLTLANE_KAFKA_SASL_PORT:-$((KAFKA_PORT + 2))}"
KAFKA_MTLS_PORT="${VOLTLANE_KAFKA_MTLS_PORT:-$((KAFKA_PORT + 3))}"
# Test credentials of the secured listeners (a loopback test broker: fixed, like PG_PASSWORD).
# One user for PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512.
KAFKA_SASL_USER=voltlane
KAFKA_SASL_PASSWORD=voltlane-kafka-secret
KAFKA_BROKER_KEY_PASSWORD=voltlane-broker-key
KAFKA_CLIENT_KEY_PASSWORD=voltlane-client-key
# Bump when kafka_write_config changes: a broker running an older configuration is restarted by `up`.
KAFKA_CONFIG_REVISION=2
REDIS_PORT="${VOLTLANE_REDIS_PORT:-36379}"
PG_PORT="${VOLTLANE_PG_PORT:-35432}"
PG_USER=voltlane
PG_PASSWORD=voltlane
PG_DB=voltlane
TIMEOUT="${VOLTLANE_INFRA_TIMEOUT:-120}"

CACHE_DIR="${VOLTLANE_CACHE:-$HOME_DIR/.cache/voltlane}"
STATE_DIR="${VOLTLANE_INFRA_DIR:-$HOME_DIR/.cache/voltlane/infra}"
KAFKA_POM="$SCRIPT_DIR/kafka/pom.xml"
KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$KAFKA_POM")"
KAFKA_HOME="$CACHE_DIR/kafka-$KAFKA_VERSION"
KAFKA_LIBS="$KAFKA_HOME/libs"
KAFKA_DIR="$STATE_DIR/kafka"
KAFKA_TLS_DIR="$KAFKA_DIR/tls"
REDIS_DIR="$STATE_DIR/redis"

log() { printf '[infra] %s\n' "$*" >&2; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

print_env() {
  printf 'export KAFKA_BROKERS=%s:%s\n' "$HOST" "$KAFKA_PORT"
  printf 'export KAFKA_SASL_SSL_BROKERS=%s:%s\n' "$HOST" "$KAFKA_SASL_PORT"
  printf 'export KAFKA_MTLS_BROKERS=%s:%s\n' "$HOST" "$KAFKA_MTLS_PORT"
  printf 'export KAFKA_TEST_CA_FILE=%q\n' "$KAFKA_TLS_DIR/ca.pem"
  printf 'export KAFKA_TEST_OTHER_CA_FILE=%q\n' "$KAFKA_TLS_DIR/other-ca.pem"
  printf 'export KAFKA_TEST_CLIENT_CERT_FILE=%q\n' "$KAFKA_TLS_DIR/client.pem"
  printf 'export KAFKA_TEST_CLIENT_KEY_FILE=%q\n' "$KAFKA_TLS_DIR/client.key"
  printf 'export KAFKA_TEST_CLIENT_KEY_PASSWORD=%s\n' "$KAFKA_CLIENT_KEY_PASSWORD"
  printf 'export KAFKA_TEST_SASL_USERNAME=%s\n' "$KAFKA_SASL_USER"
  printf 'export KAFKA_TEST_SASL_PASSWORD=%s\n' "$KAFKA_SASL_PASSWORD"
  printf 'export REDIS_URL=redis://%s:%s\n' "$HOST" "$REDIS_PORT"
  printf 'export DATABASE_URL=postgres://%s:%s@%s:%s/%s\n' "$PG_USER" "$PG_PASSWORD" "$HOST" "$PG_PORT" "$PG_DB"
}

# --- helpers ----------------------------------------------------------------------------------

port_open() { timeout 1 bash -c "exec 3<>/dev/tcp/$HOST/$1" 2>/dev/null; }

# pid_matches PIDFILE PATTERN: the pid in PIDFILE is alive and its command line contains PATTERN.
pid_matches() {
  local pid
  [[ -s "$1" ]] || return 1
  pid="$(head -n1 "$1")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  # (no `| grep -q` here: under pipefail, grep quitting early can fail the pipe with SIGPIPE)
  local cmdline
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmdline" == *"$2"* ]]
}

show_tail() { # show_tail FILE: last lines of a log, on stderr
  if [[ -f "$1" ]]; then
    printf '[infra] ---- last lines of %s ----\n' "$1" >&2
    tail -n 40 "$1" >&2 || true
    printf '[infra] ----\n' >&2
  fi
}

# Every partition of a topic keeps a log segment open in the broker, and the integration tests make
# thousands of them: with a machine's default of 1024 open files Kafka's log directory fails and the
# broker shuts down mid-run. The servers started below inherit this shell's limit, so raise it first
# (to NOFILE_WANTED, or as far as the hard limit allows when we may not raise that).
NOFILE_WANTED=262144
raise_fd_limit() {
  local soft
  soft="$(ulimit -Sn)"
  [[ "$soft" == unlimited || "$soft" -ge "$NOFILE_WANTED" ]] && return 0
  ulimit -n "$NOFILE_WANTED" 2>/dev/null || ulimit -Sn "$(ulimit -Hn)" 2>/dev/null || true
  soft="$(ulimit -Sn)"
  if [[ "$soft" != unlimited && "$soft" -lt 4096 ]]; then
    log "warning: open-file limit is $soft; Kafka may run out of descriptors (raise it with ulimit -n)"
  fi
}

APT_UPDATED=0
apt_install() { # apt_install PKG...: install Debian packages (root or sudo), quietly, into a log
  local -a sudo=()
  if [[ $EUID -ne 0 ]]; then
    command -v sudo >/dev/null || die "need root (or sudo) to install: $*"
    sudo=(sudo -n)
  fi
  mkdir -p "$STATE_DIR"
  local apt_log="$STATE_DIR/apt.log"
  log "installing $* with apt-get (log: $apt_log)"
  # stdio goes to a file: package scripts may start daemons that must not hold our pipes.
  if [[ $APT_UPDATED -eq 0 ]]; then
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null >>"$apt_log" 2>&1 ||
      { show_tail "$apt_log"; die "apt-get update failed"; }
    APT_UPDATED=1
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" \
    </dev/null >>"$apt_log" 2>&1 || { show_tail "$apt_log"; die "apt-get install $* failed"; }
}

ensure_tools() {
  local -a missing=()
  command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v openssl >/dev/null || missing+=(openssl)
  pg_bin_dir >/dev/null 2>&1 || missing+=(postgresql)
  if [[ ! -f "$KAFKA_HOME/.complete" || "$(cat "$KAFKA_HOME/.complete")" != "$(pom_digest)" ]]; then
    command -v mvn >/dev/null || missing+=(maven)
  fi
  if ((${#missing[@]})); then apt_install "${missing[@]}"; fi
}

# --- Kafka ------------------------------------------------------------------------------------

pom_digest() { sha256sum "$KAFKA_POM" | cut -d' ' -f1; }

kafka_libs() { # resolve the broker's jars once per pom version
  local digest
  digest="$(pom_digest)"
  if [[ -f "$KAFKA_HOME/.complete" && "$(cat "$KAFKA_HOME/.complete")" == "$digest" && -d "$KAFKA_LIBS" ]]; then
    return 0
  fi
  log "resolving Kafka $KAFKA_VERSION jars from Maven Central into $KAFKA_LIBS"
  mkdir -p "$KAFKA_HOME"
  local tmp="$KAFKA_HOME/libs.tmp.$$"
  rm -rf "$tmp"
  if ! mvn -q -B -Dstyle.color=never -f "$KAFKA_POM" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$tmp" </dev/null >"$KAFKA_HOME/mvn.log" 2>&1; then
    show_tail "$KAFKA_HOME/mvn.log"
    rm -rf "$tmp"
    die "mvn could not resolve the Kafka jars (is Maven Central reachable?)"
  fi
  ls "$tmp"/kafka_2.13-*.jar >/dev/null 2>&1 || die "no kafka_2.13 jar in $tmp"
  rm -rf "$KAFKA_LIBS"
  mv "$tmp" "$KAFKA_LIBS"
  printf '%s\n' "$digest" >"$KAFKA_HOME/.complete"
}

kafka_running() { pid_matches "$KAFKA_DIR/kafka.pid" "$KAFKA_DIR/server.properties"; }

# The running broker was started with this script's configuration (not an older one's).
kafka_config_current() { grep -qxF "# config revision $KAFKA_CONFIG_REVISION" "$KAFKA_DIR/server.properties" 2>/dev/null; }

# Test PKI of the secured listeners, made once per state dir with openssl (EC P-256: instant):
#   ca.pem          the test CA (clients trust it; the mTLS listener trusts client certs it signed)
#   broker-keystore.pem  the broker's PEM keystore: encrypted PKCS#8 key, certificate (127.0.0.1,
#                   localhost), CA
#   client.pem/.key a client certificate (CN=voltlane-test-client) and its encrypted PKCS#8 key
#                   (password KAFKA_CLIENT_KEY_PASSWORD)
#   other-ca.pem    a CA that signed nothing here (a client trusting only it must fail the handshake)
kafka_tls() {
  [[ -f "$KAFKA_TLS_DIR/.complete" ]] && return 0
  local tmp="$KAFKA_TLS_DIR.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  cat >"$tmp/openssl.cnf" <<'EOF'
[req]
distinguished_name = dn
prompt = no
[dn]
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[broker]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
authorityKeyIdentifier = keyid
[client]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid
EOF
  (
    cd "$tmp" || exit 1
    ec=(-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -config openssl.cnf)
    openssl req -x509 "${ec[@]}" -extensions ca -keyout ca.key -out ca.pem -days 3650 -subj '/CN=Voltlane test Kafka CA' || exit 1
    openssl req -x509 "${ec[@]}" -extensions ca -keyout other-ca.key -out other-ca.pem -days 3650 -subj '/CN=Voltlane untrusted CA' || exit 1
    for name in broker client; do
      cn=localhost
      [[ $name == client ]] && cn=voltlane-test-client
      openssl req -new "${ec[@]}" -keyout "$name.plain.key" -out "$name.csr" -subj "/CN=$cn" || exit 1
      openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -set_serial "0x$(openssl rand -hex 16)" -days 3650 \
        -extfile openssl.cnf -extensions "$name" -out "$name.pem" || exit 1
    done
    # Kafka's PEM keystore wants an encrypted PKCS#8 key (ssl.key.password) and Java 17 reads PBES1
    # ones only (PBES2: "SecretKeyFactory not available"); then the chain.
    openssl pkcs8 -topk8 -in broker.plain.key -v1 PBE-SHA1-3DES -passout "pass:$KAFKA_BROKER_KEY_PASSWORD" -out broker.key || exit 1
    cat broker.key broker.pem ca.pem >broker-keystore.pem || exit 1
    openssl pkcs8 -topk8 -in client.plain.key -v2 aes-256-cbc -passout "pass:$KAFKA_CLIENT_KEY_PASSWORD" -out client.key || exit 1
    rm -f ./*.plain.key ./*.csr ./*.key.srl ca.key other-ca.key broker.key
  ) >"$tmp/openssl.log" 2>&1 || { show_tail "$tmp/openssl.log"; die "openssl could not make the test certificates of Kafka's TLS listeners"; }
  touch "$tmp/.complete"
  rm -rf "$KAFKA_TLS_DIR"
  mv "$tmp" "$KAFKA_TLS_DIR"
}

kafka_write_config() {
  mkdir -p "$KAFKA_DIR/data"
  cat >"$KAFKA_DIR/server.properties" <<EOF
# Written by deploy/local/infra.sh on every start: single-node KRaft (broker + controller) for tests.
# config revision $KAFKA_CONFIG_REVISION
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$KAFKA_CONTROLLER_PORT
# PLAINTEXT for the tests and the local stack; SASL_SSL and MTLS (SSL with a required client
# certificate) for the Kafka client security tests (libs/messaging/src/kafka/kafka-security.int-spec.ts).
listeners=PLAINTEXT://$HOST:$KAFKA_PORT,CONTROLLER://$HOST:$KAFKA_CONTROLLER_PORT,SASL_SSL://$HOST:$KAFKA_SASL_PORT,MTLS://$HOST:$KAFKA_MTLS_PORT
advertised.listeners=PLAINTEXT://$HOST:$KAFKA_PORT,SASL_SSL://$HOST:$KAFKA_SASL_PORT,MTLS://$HOST:$KAFKA_MTLS_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL,MTLS:SSL
ssl.keystore.type=PEM
ssl.keystore.location=$KAFKA_TLS_DIR/broker-keystore.pem
ssl.key.password=$KAFKA_BROKER_KEY_PASSWORD
ssl.truststore.type=PEM
ssl.truststore.location=$KAFKA_TLS_DIR/ca.pem
listener.name.mtls.ssl.client.auth=required
listener.name.sasl_ssl.sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512
listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_$KAFKA_SASL_USER="$KAFKA_SASL_PASSWORD";
listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
log.dirs=$KAFKA_DIR/data
num.partitions=6
auto.create.topics.enable=true
delete.topic.enable=true
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=4
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=4
log.segment.bytes=16777216
# tests delete their topics when they end; free the files soon rather than after a minute
log.segment.delete.delay.ms=2000
EOF
  cat >"$KAFKA_DIR/log4j2.properties" <<EOF
rootLogger.level=INFO
rootLogger.appenderRef.file.ref=file
appender.file.type=RollingFile
appender.file.name=file
appender.file.fileName=$KAFKA_DIR/kafka.log
appender.file.filePattern=$KAFKA_DIR/kafka.log.%i
appender.file.layout.type=PatternLayout
appender.file.layout.pattern=[%d] %p %m (%c)%n
appender.file.policies.type=Policies
appender.file.policies.size.type=SizeBasedTriggeringPolicy
appender.file.policies.size.size=20MB
appender.file.strategy.type=DefaultRolloverStrategy
appender.file.strategy.max=2
logger.request.name=kafka.request.logger
logger.request.level=WARN
logger.statechange.name=state.change.logger
logger.statechange.level=WARN
EOF
}

KAFKA_JVM_OPTS=(
  -Xms256m -Xmx768m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExplicitGCInvokesConcurrent
  -Djava.awt.headless=true "-Dlog4j2.configurationFile=$KAFKA_DIR/log4j2.properties" -cp "$KAFKA_LIBS/*"
)

kafka_up() {
  if kafka_running; then
    kafka_config_current && return 0
    # A data dir made by an older infra.sh: the broker restarts once with the secured listeners.
    log "Kafka runs with an older infra.sh configuration (no SASL_SSL listener): restarting it, data kept"
    kafka_down
  fi
  local port
  for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$KAFKA_SASL_PORT" "$KAFKA_MTLS_PORT"; do
    port_open "$port" && die "port $port is taken by another process; set VOLTLANE_KAFKA_PORT (VOLTLANE_KAFKA_SASL_PORT, VOLTLANE_KAFKA_MTLS_PORT)"
  done
  kafka_libs
  kafka_tls
  kafka_write_config
  if [[ -f "$KAFKA_DIR/data/meta.properties" && "$(cat "$KAFKA_DIR/version" 2>/dev/null)" != "$KAFKA_VERSION" ]]; then
    log "Kafka data was made by another version ($(cat "$KAFKA_DIR/version" 2>/dev/null || echo unknown)): starting empty"
    rm -rf "$KAFKA_DIR/data"
    mkdir -p "$KAFKA_DIR/data"
  fi
  if [[ ! -f "$KAFKA_DIR/data/meta.properties" ]]; then
    local cluster_id
    cluster_id="$(head -c16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
    log "formatting Kafka storage (cluster $cluster_id)"
    java "${KAFKA_JVM_OPTS[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_DIR/server.properties" \
      --add-scram "SCRAM-SHA-256=[name=$KAFKA_SASL_USER,password=$KAFKA_SASL_PASSWORD]" \
      --add-scram "SCRAM-SHA-512=[name=$KAFKA_SASL_USER,password=$KAFKA_SASL_PASSWORD]" \
      </dev/null >"$KAFKA_DIR/format.log" 2>&1 || { show_tail "$KAFKA_DIR/format.log"; die "Kafka storage format failed"; }
    printf '%s\n' "$KAFKA_VERSION" >"$KAFKA_DIR/version"
    printf '%s\n' "$cluster_id" >"$KAFKA_DIR/scram-users"
  fi
  log "starting Kafka $KAFKA_VERSION (KRaft) on $HOST:$KAFKA_PORT (open-file limit $(ulimit -Sn))"
  [[ -f "$KAFKA_DIR/kafka.log" ]] && mv -f "$KAFKA_DIR/kafka.log" "$KAFKA_DIR/kafka.log.prev"
  (
    cd "$KAFKA_DIR"
    # own session, no tty, no inherited pipes: the broker outlives this script
    setsid nohup java "${KAFKA_JVM_OPTS[@]}" kafka.Kafka "$KAFKA_DIR/server.properties" \
      </dev/null >"$KAFKA_DIR/kafka.out" 2>&1 9>&- &
    echo $! >"$KAFKA_DIR/kafka.pid"
  )
}

kafka_wait() {
  local deadline=$((SECONDS + TIMEOUT))
  while :; do
    # Checked twice, a second apart: while the java launcher execs itself, /proc/<pid>/cmdline can
    # read empty for a moment, and a broker that was starting fine was once reported as exited.
    if ! kafka_running && { sleep 1; ! kafka_running; }; then
      show_tail "$KAFKA_DIR/kafka.out"; show_tail "$KAFKA_DIR/kafka.log"
      die "Kafka exited while starting (logs above, in $KAFKA_DIR)"
    fi
    if grep -qF 'Kafka Server started' "$KAFKA_DIR/kafka.log" 2>/dev/null && port_open "$KAFKA_PORT"; then
      return 0
    fi
    if ((SECONDS >= deadline)); then
      show_tail "$KAFKA_DIR/kafka.log"
      die "Kafka did not accept connections on $HOST:$KAFKA_PORT within ${TIMEOUT}s"
    fi
    sleep 0.2
  done
}

# SCRAM credentials live in the cluster metadata: written at format (above) or, for data an older
# infra.sh made, once over the PLAINTEXT listener with Kafka's ConfigCommand (two JVM starts, ~5 s).
# $KAFKA_DIR/scram-users names the cluster they were made for. Call after kafka_wait.
kafka_cluster_id() { sed -n 's/^cluster.id=//p' "$KAFKA_DIR/data/meta.properties" 2>/dev/null; }
kafka_users_made() { [[ -n "$(kafka_cluster_id)" && "$(cat "$KAFKA_DIR/scram-users" 2>/dev/null)" == "$(kafka_cluster_id)" ]]; }
kafka_users() {
  kafka_users_made && return 0
  log "adding the SCRAM-SHA-256/512 user $KAFKA_SASL_USER to the existing Kafka data"
  local mechanism
  : >"$KAFKA_DIR/scram.log"
  for mechanism in SCRAM-SHA-256 SCRAM-SHA-512; do # one per request: KRaft refuses two for one user
    java -Xmx256m -cp "$KAFKA_LIBS/*" kafka.admin.ConfigCommand --bootstrap-server "$HOST:$KAFKA_PORT" --alter \
      --entity-type users --entity-name "$KAFKA_SASL_USER" --add-config "$mechanism=[password=$KAFKA_SASL_PASSWORD]" \
      </dev/null >>"$KAFKA_DIR/scram.log" 2>&1 || { show_tail "$KAFKA_DIR/scram.log"; die "could not create the $mechanism user of Kafka"; }
  done
  kafka_cluster_id >"$KAFKA_DIR/scram-users"
}

kafka_down() {
  if ! kafka_running; then log "kafka: not running"; rm -f "$KAFKA_DIR/kafka.pid"; return 0; fi
  local pid i
  pid="$(head -n1 "$KAFKA_DIR/kafka.pid")"
  log "stopping Kafka (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 300; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then log "Kafka did not stop in 30s, killing it"; kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$KAFKA_DIR/kafka.pid"
}

# --- Redis ------------------------------------------------------------------------------------

redis_running() { pid_matches "$REDIS_DIR/redis.pid" "redis-server"; }

redis_up() {
  if redis_running; then return 0; fi
  if port_open "$REDIS_PORT"; then die "port $REDIS_PORT is taken by another process; set VOLTLANE_REDIS_PORT"; fi
  mkdir -p "$REDIS_DIR/data"
  cat >"$REDIS_DIR/redis.conf" <<EOF
# Written by deploy/local/infra.sh: a throwaway Redis for tests (no persistence).
bind $HOST
port $REDIS_PORT
protected-mode yes
daemonize yes
pidfile $REDIS_DIR/redis.pid
logfile $REDIS_DIR/redis.log
dir $REDIS_DIR/data
save ""
appendonly no
databases 16
EOF
  log "starting Redis on $HOST:$REDIS_PORT"
  rm -f "$REDIS_DIR/redis.pid"
  (cd "$REDIS_DIR" && setsid --wait redis-server "$REDIS_DIR/redis.conf" </dev/null >"$REDIS_DIR/redis.out" 2>&1 9>&-) ||
    { show_tail "$REDIS_DIR/redis.out"; show_tail "$REDIS_DIR/redis.log"; die "redis-server failed to start"; }
}

redis_wait() {
  local deadline=$((SECONDS + TIMEOUT))
  until [[ "$(redis-cli -h "$HOST" -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; do
    if ! redis_running && [[ -s "$REDIS_DIR/redis.pid" || $SECONDS -ge $((deadline - TIMEOUT + 5)) ]]; then
      show_tail "$REDIS_DIR/redis.log"; die "Redis exited while starting (log: $REDIS_DIR/redis.log)"
    fi
    if ((SECONDS >= deadline)); then show_tail "$REDIS_DIR/redis.log"; die "Redis did not answer PING on $HOST:$REDIS_PORT within ${TIMEOUT}s"; fi
    sleep 0.1
  done
}

redis_down() {
  if ! redis_running; then log "redis: not running"; return 0; fi
  local pid i
  pid="$(head -n1 "$REDIS_DIR/redis.pid")"
  log "stopping Redis (pid $pid)"
  redis-cli -h "$HOST" -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$REDIS_DIR/redis.pid"
}

# --- PostgreSQL -------------------------------------------------------------------------------

# Binaries of the newest installed Debian PostgreSQL, or of the version the data dir was made with.
pg_bin_dir() {
  local ver="" dir
  if [[ -n "${PG_BASE:-}" && -f "$PG_BASE/data/PG_VERSION" ]]; then ver="$(cat "$PG_BASE/data/PG_VERSION")"; fi
  if [[ -n "$ver" ]]; then
    dir="/usr/lib/postgresql/$ver/bin"
    [[ -x "$dir/postgres" ]] || { echo "PostgreSQL $ver made $PG_BASE/data but $dir/postgres is missing (down --purge to start over)" >&2; return 1; }
  else
    dir="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
    [[ -n "$dir" && -x "$dir/postgres" ]] || return 1
  fi
  printf '%s\n' "$dir"
}

# As root, the server runs as the `postgres` system user, which cannot enter /root (mode 700). The
# cluster then lives in that user's home; $STATE_DIR/postgres.path records where.
pg_locate() {
  if [[ -s "$STATE_DIR/postgres.path" ]]; then PG_BASE="$(cat "$STATE_DIR/postgres.path")"; return 0; fi
  PG_BASE="$STATE_DIR/postgres"
  if [[ $EUID -eq 0 ]]; then
    if ! getent passwd postgres >/dev/null || ! runuser -u postgres -- test -x "$STATE_DIR" 2>/dev/null; then
      local home
      home="$(getent passwd postgres | cut -d: -f6)"
      [[ -n "$home" && "$home" != / ]] || home=/var/lib/postgresql
      PG_BASE="$home/voltlane-$(printf '%s' "$STATE_DIR" | sha256sum | cut -c1-12)"
    fi
  fi
}

pg_ensure_user() {
  getent passwd postgres >/dev/null && return 0
  log "creating system user postgres"
  useradd --system --user-group --home-dir /var/lib/postgresql --create-home --shell /bin/bash postgres
}

pg_as_owner() { # run a command as the cluster's OS owner (postgres when we are root)
  if [[ $EUID -eq 0 ]]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

pg_running() { [[ -n "${PG_BASE:-}" ]] && pid_matches "$PG_BASE/data/postmaster.pid" "postgres"; }

pg_psql() { # pg_psql PSQL-ARGS...: run as the cluster superuser over the private unix socket
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_BASE/socket" -p "$PG_PORT" -U postgres -d postgres "$@"
}

pg_up() {
  [[ $EUID -ne 0 ]] || pg_ensure_user
  mkdir -p "$STATE_DIR"
  PG_BASE=""
  pg_locate
  if pg_running; then return 0; fi
  if port_open "$PG_PORT"; then die "port $PG_PORT is taken by another process; set VOLTLANE_PG_PORT"; fi
  PG_BIN="$(pg_bin_dir)" || die "PostgreSQL binaries not found under /usr/lib/postgresql"
  if [[ ! -f "$PG_BASE/data/PG_VERSION" ]]; then
    log "creating PostgreSQL cluster in $PG_BASE/data ($("$PG_BIN/postgres" --version))"
    rm -rf "$PG_BASE/data"
    mkdir -p "$PG_BASE/socket"
    [[ $EUID -eq 0 ]] && chown -R postgres:postgres "$PG_BASE"
    chmod 700 "$PG_BASE" "$PG_BASE/socket"
    pg_as_owner "$PG_BIN/initdb" -D "$PG_BASE/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      --encoding=UTF8 --locale=C.UTF-8 --no-sync </dev/null >"$STATE_DIR/initdb.log" 2>&1 ||
      { show_tail "$STATE_DIR/initdb.log"; die "initdb failed"; }
    cat <<'EOF' | pg_as_owner tee -a "$PG_BASE/data/postgresql.conf" >/dev/null
# --- deploy/local/infra.sh: a disposable test server (durability off for speed) ---
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 128MB
log_min_messages = warning
log_connections = off
EOF
    printf '%s\n' "$PG_BASE" >"$STATE_DIR/postgres.path"
  fi
  log "starting PostgreSQL on $HOST:$PG_PORT"
  # pg_ctl detaches the server (stdin /dev/null, output to the log file) and waits until it is up.
  # pg_stat_statements: `npm run bench` reports statements per answered CALL from it.
  if ! pg_as_owner "$PG_BIN/pg_ctl" start -w -t "$TIMEOUT" -D "$PG_BASE/data" -l "$PG_BASE/postgres.log" \
    -o "-c port=$PG_PORT -c listen_addresses=$HOST -c unix_socket_directories=$PG_BASE/socket -c shared_preload_libraries=pg_stat_statements" \
    </dev/null >"$STATE_DIR/pg_ctl.log" 2>&1 9>&-; then
    show_tail "$STATE_DIR/pg_ctl.log"; show_tail "$PG_BASE/postgres.log"
    die "PostgreSQL did not start"
  fi
  pg_psql -f - <<EOF || die "could not create role/database $PG_USER"
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', '$PG_USER', '$PG_PASSWORD')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', '$PG_DB', '$PG_USER')
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$PG_DB') \gexec
EOF
  # Statement statistics for the benchmark: readable and resettable by the application role.
  pg_psql -d "$PG_DB" -f - <<EOF || die "could not set up pg_stat_statements"
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
GRANT pg_read_all_stats TO "$PG_USER";
GRANT EXECUTE ON FUNCTION pg_stat_statements_reset(oid, oid, bigint) TO "$PG_USER";
EOF
}

pg_down() {
  pg_locate
  if ! pg_running; then log "postgres: not running"; return 0; fi
  PG_BIN="$(pg_bin_dir)" || die "PostgreSQL binaries not found"
  log "stopping PostgreSQL"
  pg_as_owner "$PG_BIN/pg_ctl" stop -w -t 60 -m fast -D "$PG_BASE/data" </dev/null >&2 2>&1 9>&- ||
    die "pg_ctl stop failed (log: $PG_BASE/postgres.log)"
}

# --- commands ---------------------------------------------------------------------------------

all_running() {
  pg_locate
  kafka_running && kafka_config_current && kafka_users_made && port_open "$KAFKA_PORT" && redis_running && pg_running &&
    "$(pg_bin_dir)/pg_isready" -q -h "$HOST" -p "$PG_PORT" >/dev/null 2>&1
}

cmd_up() {
  mkdir -p "$STATE_DIR"
  if all_running 2>/dev/null; then print_env; return 0; fi
  exec 9>"$STATE_DIR/.lock"
  flock -w "$((TIMEOUT * 3))" 9 || die "another infra.sh holds $STATE_DIR/.lock"
  if ! all_running 2>/dev/null; then
    local t0=$SECONDS
    ensure_tools
    kafka_up # the slowest to start: launch it first, then the others while it boots
    redis_up
    pg_up
    redis_wait
    kafka_wait
    kafka_users
    log "all up in $((SECONDS - t0))s (state: $STATE_DIR)"
  fi
  exec 9>&-
  print_env
}

cmd_down() {
  local purge=0
  [[ "${1:-}" == --purge ]] && purge=1
  mkdir -p "$STATE_DIR"
  exec 9>"$STATE_DIR/.lock"
  flock -w 120 9 || die "another infra.sh holds $STATE_DIR/.lock"
  kafka_down
  if command -v redis-cli >/dev/null; then redis_down; fi
  if pg_bin_dir >/dev/null 2>&1; then pg_down; fi
  if ((purge)); then
    pg_locate
    log "removing data: $STATE_DIR${PG_BASE:+ and $PG_BASE}"
    [[ "$PG_BASE" != "$STATE_DIR"/* ]] && rm -rf "$PG_BASE"
    rm -rf "$KAFKA_DIR" "$REDIS_DIR" "$STATE_DIR/postgres" "$STATE_DIR/postgres.path" "$STATE_DIR"/*.log
  fi
  exec 9>&-
}

last_errors() { # last_errors LOG: why a server stopped, on stderr
  [[ -f "$1" ]] || return 0
  grep -E 'ERROR|FATAL|WARN|# ' "$1" | tail -n 8 | sed 's/^/[infra]   /' >&2 || true
}

cmd_status() {
  local ok=0
  pg_locate 2>/dev/null || true
  if kafka_running; then
    printf 'kafka     running  pid %-8s %s:%s  (SASL_SSL :%s, mTLS :%s; Kafka %s, logs %s)\n' "$(head -n1 "$KAFKA_DIR/kafka.pid")" "$HOST" "$KAFKA_PORT" "$KAFKA_SASL_PORT" "$KAFKA_MTLS_PORT" "$KAFKA_VERSION" "$KAFKA_DIR"
  else printf 'kafka     stopped\n'; ok=1; last_errors "$KAFKA_DIR/kafka.log"; fi
  if redis_running; then
    printf 'redis     running  pid %-8s %s:%s  (logs %s)\n' "$(head -n1 "$REDIS_DIR/redis.pid")" "$HOST" "$REDIS_PORT" "$REDIS_DIR"
  else printf 'redis     stopped\n'; ok=1; last_errors "$REDIS_DIR/redis.log"; fi
  if pg_running; then
    printf 'postgres  running  pid %-8s %s:%s  (data %s)\n' "$(head -n1 "$PG_BASE/data/postmaster.pid")" "$HOST" "$PG_PORT" "$PG_BASE/data"
  else printf 'postgres  stopped\n'; ok=1; fi
  return "$ok"
}

# stop/start one server (fault-injection tests): same state dir and ports as `up`.
cmd_one() {
  local action="$1" server="${2:-}"
  mkdir -p "$STATE_DIR"
  exec 9>"$STATE_DIR/.lock"
  flock -w 120 9 || die "another infra.sh holds $STATE_DIR/.lock"
  case "$action:$server" in
    stop:kafka) kafka_down ;;
    stop:redis) redis_down ;;
    stop:postgres) pg_down ;;
    start:kafka) kafka_up; kafka_wait; kafka_users ;;
    start:redis) redis_up; redis_wait ;;
    start:postgres) pg_up ;;
    *) echo "usage: $0 stop|start kafka|redis|postgres" >&2; exit 2 ;;
  esac
  exec 9>&-
}

raise_fd_limit
case "${1:-}" in
  up) cmd_up ;;
  stop | start) cmd_one "$1" "${2:-}" ;;
  down) shift; cmd_down "$@" ;;
  status) cmd_status ;;
  env) print_env ;;
  *) echo "usage: $0 up|down [--purge]|status|env|stop SERVER|start SERVER" >&2; exit 2 ;;
esac
