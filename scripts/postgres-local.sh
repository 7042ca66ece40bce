#!/usr/bin/env bash
# Make a local PostgreSQL with the pgvector extension available, idempotently.
#
#   scripts/postgres-local.sh           ensure a server is running and has pgvector
#   scripts/postgres-local.sh --check   only report (exit 0 if up and pgvector present)
#
# Order of preference:
#   1. A locally installed PostgreSQL (Debian/Ubuntu clusters via pg_lsclusters, or any
#      server answering on 127.0.0.1:5432): start the cluster if it is down, then make sure
#      pgvector is installed (apt package if there is one, otherwise built from Debian's
#      source package; both need root).
#   2. No local PostgreSQL but a working Docker engine: run pgvector/pgvector:pg17 as
#      container "maestro-pg" and print "MAESTRO_DB_URL=..." on stdout.
#   3. Otherwise: explain the options and exit 1.
#
# stdout carries only the MAESTRO_DB_URL line (Docker case); all diagnostics go to stderr.
# The "already installed" path takes a few tens of milliseconds and never calls apt.
set -euo pipefail

PG_HOST=127.0.0.1
PG_PORT=5432
SRC_SUITE=${MAESTRO_PGVECTOR_SRC_SUITE:-trixie}
SRC_LIST=/etc/apt/sources.list.d/maestro-${SRC_SUITE}-src.sources
DOCKER_NAME=maestro-pg
DOCKER_IMAGE=pgvector/pgvector:pg17
PGVECTOR_DOCS=https://github.com/pgvector/pgvector#installation

CHECK_ONLY=0
SELF=$(readlink -f "${BASH_SOURCE[0]}" 2>/dev/null || echo "${BASH_SOURCE[0]}")

# Filled in by find_local_server / pg_paths.
PG_MAJOR=""
PG_CLUSTER=""
PG_STATUS=""
PG_CONFIG=""
PG_SHAREDIR=""
PG_PKGLIBDIR=""

WORKDIR=""
APT_UPDATED=0

say() { printf 'maestro: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

cleanup() {
    if [[ -n $WORKDIR && -d $WORKDIR ]]; then rm -rf -- "$WORKDIR"; fi
}
trap cleanup EXIT

usage() {
    cat >&2 <<EOF
usage: $0 [--check]
  (no option)  make sure a local PostgreSQL with pgvector is running (may install pgvector)
  --check      only report: exit 0 if the server is up and pgvector is installed, 1 otherwise
EOF
}

# ---------------------------------------------------------------------------------------
# Local server detection
# ---------------------------------------------------------------------------------------

ready() { # ready <port>
    pg_isready -q -h "$PG_HOST" -p "$1" >/dev/null 2>&1
}

wait_ready() { # wait_ready <port> <seconds>
    local port=$1 i
    for ((i = 0; i < $2 * 4; i++)); do
        ready "$port" && return 0
        sleep 0.25
    done
    return 1
}

major_of() { # "PostgreSQL 15.20 (Debian ...)" / "16.4" -> 15 / 16 ; "9.6.24" -> 9.6
    local v=${1#PostgreSQL }
    v=${v%% *}
    if [[ $v == 9.* ]]; then echo "${v%.*}"; else echo "${v%%[.a-z]*}"; fi
}

# Sets PG_MAJOR/PG_CLUSTER/PG_PORT/PG_STATUS. Returns 1 if no local server is installed.
find_local_server() {
    if command -v pg_lsclusters >/dev/null 2>&1; then
        local line
        # Prefer a cluster on port 5432, then an online one, then the first one listed.
        line=$(pg_lsclusters -h 2>/dev/null | awk -v want="$PG_PORT" '
            NF >= 4 {
                score = ($3 == want) * 2 + ($4 ~ /^online/)
                if (!seen || score > best) { best = score; pick = $1 " " $2 " " $3 " " $4; seen = 1 }
            }
            END { if (seen) print pick }') || true
        if [[ -n $line ]]; then
            read -r PG_MAJOR PG_CLUSTER PG_PORT PG_STATUS <<<"$line"
            return 0
        fi
    fi
    local postgres_bins=(/usr/lib/postgresql/*/bin/postgres)
    if command -v pg_config >/dev/null 2>&1 || [[ -e ${postgres_bins[0]} ]]; then
        # Installed, but no Debian cluster registered: usable only if something already serves.
        if ready "$PG_PORT"; then
            PG_STATUS=online
            PG_MAJOR=$(server_major_via_sql || true)
            if [[ -z $PG_MAJOR ]] && command -v pg_config >/dev/null 2>&1; then
                PG_MAJOR=$(major_of "$(pg_config --version)")
            fi
            if [[ -z $PG_MAJOR && -e ${postgres_bins[0]} ]]; then
                PG_MAJOR=$(printf '%s\n' "${postgres_bins[@]}" | awk -F/ '{print $5}' | sort -V | tail -n1)
            fi
            return 0
        fi
        PG_STATUS=nocluster
        return 0
    fi
    return 1
}

server_major_via_sql() {
    command -v psql >/dev/null 2>&1 || return 1
    local num
    num=$(PGCONNECT_TIMEOUT=3 psql -w -X -qAt -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres \
        -c 'SHOW server_version_num' 2>/dev/null) || return 1
    [[ $num =~ ^[0-9]+$ ]] || return 1
    if ((num >= 100000)); then echo $((num / 10000)); else echo "$((num / 10000)).$((num / 100 % 100))"; fi
}

start_cluster() {
    say "PostgreSQL $PG_MAJOR/$PG_CLUSTER is $PG_STATUS; starting it"
    local out
    if ! out=$(pg_ctlcluster --skip-systemctl-redirect "$PG_MAJOR" "$PG_CLUSTER" start 2>&1); then
        if [[ $out == *[Oo]ption* ]]; then
            out=$(pg_ctlcluster "$PG_MAJOR" "$PG_CLUSTER" start 2>&1) && return 0
        fi
        [[ -n $out ]] && printf '%s\n' "$out" >&2
        if [[ $(id -u) != 0 ]]; then
            die "could not start the cluster; run as root: sudo pg_ctlcluster $PG_MAJOR $PG_CLUSTER start"
        fi
        die "could not start PostgreSQL $PG_MAJOR/$PG_CLUSTER (see /var/log/postgresql/postgresql-$PG_MAJOR-$PG_CLUSTER.log)"
    fi
}

# Sets PG_CONFIG, PG_SHAREDIR, PG_PKGLIBDIR for PG_MAJOR (PG_CONFIG may stay empty).
pg_paths() {
    PG_CONFIG=""
    if [[ -x /usr/lib/postgresql/$PG_MAJOR/bin/pg_config ]]; then
        PG_CONFIG=/usr/lib/postgresql/$PG_MAJOR/bin/pg_config
    elif command -v pg_config >/dev/null 2>&1 &&
        [[ $(major_of "$(pg_config --version 2>/dev/null)") == "$PG_MAJOR" ]]; then
        PG_CONFIG=$(command -v pg_config)
    fi
    if [[ -n $PG_CONFIG ]]; then
        PG_SHAREDIR=$("$PG_CONFIG" --sharedir)
        PG_PKGLIBDIR=$("$PG_CONFIG" --pkglibdir)
    else # Debian layout
        PG_SHAREDIR=/usr/share/postgresql/$PG_MAJOR
        PG_PKGLIBDIR=/usr/lib/postgresql/$PG_MAJOR/lib
    fi
}

have_pgvector() {
    [[ -e $PG_SHAREDIR/extension/vector.control ]] &&
        { [[ -e $PG_PKGLIBDIR/vector.so ]] || [[ -e $PG_PKGLIBDIR/vector.dylib ]]; }
}

# ---------------------------------------------------------------------------------------
# Installing pgvector (Debian/Ubuntu, root)
# ---------------------------------------------------------------------------------------

run_logged() { # run_logged <description> cmd... : output to the log, tail shown on failure
    local what=$1
    shift
    if ! "$@" >>"$WORKDIR/log" 2>&1; then
        tail -n 25 "$WORKDIR/log" >&2 || true
        die "$what failed: $*"
    fi
}

apt_update_once() {
    ((APT_UPDATED)) && return 0
    say "apt-get update"
    run_logged "apt-get update" apt-get update -q
    APT_UPDATED=1
}

installed() { [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]]; }

apt_candidate() { # prints the candidate version of package $1, or nothing
    LC_ALL=C apt-cache policy "$1" 2>/dev/null | awk '$1 == "Candidate:" && $2 != "(none)" { print $2 }'
}

# Prints a deb822 deb-src stanza for suite $1, based on the apt entry serving the Debian
# release $2 (the existing URI and Signed-By are reused), or nothing if none is found.
debsrc_stanza() {
    local suite=$1 codename=$2 files=() f
    [[ -f /etc/apt/sources.list ]] && files+=(/etc/apt/sources.list)
    for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
        [[ -f $f && $f != "$SRC_LIST" ]] && files+=("$f")
    done
    ((${#files[@]})) || return 0
    awk -v suite="$suite" -v codename="$codename" '
        function has(list, word,   n, a, i) {
            n = split(list, a, /[ \t]+/)
            for (i = 1; i <= n; i++) if (a[i] == word) return 1
            return 0
        }
        function firsturi(list,   n, a, i) {
            n = split(list, a, /[ \t]+/)
            for (i = 1; i <= n; i++) if (a[i] != "" && a[i] !~ /^cdrom:/) return a[i]
            return ""
        }
        # Candidate entry: remember it, preferring URIs whose path ends in /debian.
        function offer(uri, sb,   score) {
            if (uri == "") return
            score = (uri ~ /\/debian\/?$/) ? 2 : 1
            if (score > best) { best = score; buri = uri; bsb = sb }
        }
        function flush() {
            if (st_types != "" && (has(st_types, "deb") || has(st_types, "deb-src")) &&
                has(st_suites, codename) && has(st_comps, "main") && tolower(st_enabled) != "no")
                offer(firsturi(st_uris), st_sb)
            st_types = st_uris = st_suites = st_comps = st_sb = st_enabled = ""; cur = ""
        }
        FNR == 1 { flush(); deb822 = (FILENAME ~ /\.sources$/) }
        # ---- one-line format ----
        !deb822 {
            line = $0; sub(/#.*/, "", line)
            if (line !~ /^[ \t]*deb(-src)?[ \t]/) next
            sb = ""
            if (match(line, /\[[^]]*\]/)) {
                opts = substr(line, RSTART + 1, RLENGTH - 2)
                line = substr(line, 1, RSTART - 1) " " substr(line, RSTART + RLENGTH)
                if (match(opts, /signed-by=[^ \t]+/)) sb = substr(opts, RSTART + 10, RLENGTH - 10)
            }
            n = split(line, w, /[ \t]+/); k = 0
            for (i = 1; i <= n; i++) if (w[i] != "") f[++k] = w[i]
            if (k < 4 || f[3] != codename) next
            comps = ""; for (i = 4; i <= k; i++) comps = comps " " f[i]
            if (has(comps, "main") && f[2] !~ /^cdrom:/) offer(f[2], sb)
            next
        }
        # ---- deb822 format ----
        /^[ \t]*#/ { next }
        /^[ \t]*$/ { flush(); next }
        /^[ \t]/ { # continuation line
            if (cur == "signed-by") st_sb = st_sb "\n" $0          # e.g. an inline key block
            else if (cur == "uris") st_uris = st_uris " " $0
            else if (cur == "suites") st_suites = st_suites " " $0
            else if (cur == "components") st_comps = st_comps " " $0
            next
        }
        {
            key = tolower($0); sub(/:.*/, "", key)
            v = $0; sub(/^[^:]*:[ \t]*/, "", v)
            cur = key
            if (key == "types") st_types = v
            else if (key == "uris") st_uris = v
            else if (key == "suites") st_suites = v
            else if (key == "components") st_comps = v
            else if (key == "signed-by") st_sb = v
            else if (key == "enabled") st_enabled = v
        }
        END {
            flush()
            if (buri == "") exit
            print "Types: deb-src"
            print "URIs: " buri
            print "Suites: " suite
            print "Components: main"
            if (bsb ~ /^\n/) print "Signed-By:" bsb; else if (bsb != "") print "Signed-By: " bsb
        }' "${files[@]}"
}

remove_src_list() {
    if [[ -e $SRC_LIST ]]; then
        rm -f -- "$SRC_LIST"
        say "removed $SRC_LIST again"
    fi
}

build_from_debian_source() {
    local codename id
    # shellcheck disable=SC1091
    codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
    # shellcheck disable=SC1091
    id=$(. /etc/os-release 2>/dev/null && echo "${ID:-}")
    if [[ $id != debian || -z $codename ]]; then
        die "no postgresql-$PG_MAJOR-pgvector package for this system; install pgvector by hand: $PGVECTOR_DOCS"
    fi

    # Install only what is missing (naming an installed package would upgrade it).
    local deps=()
    installed "postgresql-server-dev-$PG_MAJOR" || deps+=("postgresql-server-dev-$PG_MAJOR")
    { command -v make && command -v gcc; } >/dev/null 2>&1 || deps+=(build-essential)
    command -v dpkg-source >/dev/null 2>&1 || deps+=(dpkg-dev)
    if ((${#deps[@]})); then
        say "installing build dependencies: ${deps[*]}"
        run_logged "installing build dependencies" apt-get install -y -q --no-install-recommends "${deps[@]}"
    fi
    PG_CONFIG=/usr/lib/postgresql/$PG_MAJOR/bin/pg_config
    [[ -x $PG_CONFIG && -f $("$PG_CONFIG" --pgxs) ]] ||
        die "PGXS for PostgreSQL $PG_MAJOR missing after installing postgresql-server-dev-$PG_MAJOR"

    local stanza
    stanza=$(debsrc_stanza "$SRC_SUITE" "$codename")
    [[ -n $stanza ]] || die "could not find the Debian archive ($codename, main) in the apt sources; install pgvector by hand: $PGVECTOR_DOCS"
    say "adding a deb-src-only entry for $SRC_SUITE ($(awk '$1 == "URIs:" {print $2}' <<<"$stanza")) in $SRC_LIST"
    printf '# Added by maestro scripts/postgres-local.sh: source packages only (never binaries).\n%s\n' \
        "$stanza" >"$SRC_LIST"
    trap 'remove_src_list; cleanup' EXIT

    # Fetch the index of the new entry only, into a private lists directory, so the
    # system's apt state (lists, caches) is left exactly as it was.
    local apt_src=(-o Dir::Etc::SourceList="$SRC_LIST" -o Dir::Etc::SourceParts=/nonexistent
        -o Dir::State::Lists="$WORKDIR/lists" -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=
        -o APT::Get::List-Cleanup=0)
    mkdir -p "$WORKDIR/lists/partial"
    say "apt-get update ($SRC_SUITE sources only)"
    run_logged "apt-get update for $SRC_SUITE sources" apt-get update -q "${apt_src[@]}"

    local src=$WORKDIR/src
    mkdir -p "$src"
    # Let apt's unprivileged download user write here (avoids the "unsandboxed" warning).
    if id _apt >/dev/null 2>&1; then chown _apt "$src" 2>/dev/null || true; fi
    say "downloading Debian's pgvector source package ($SRC_SUITE)"
    cd "$src"
    run_logged "apt-get source" apt-get source -q --download-only "${apt_src[@]}" "pgvector/$SRC_SUITE"
    cd /
    remove_src_list
    trap cleanup EXIT

    local dsc version
    dsc=$(find "$src" -maxdepth 1 -name 'pgvector_*.dsc' | head -n1)
    [[ -n $dsc ]] || die "apt-get source did not download pgvector"
    version=${dsc##*/pgvector_}
    version=${version%.dsc}
    version=${version#*:}
    run_logged "dpkg-source -x" dpkg-source -x "$dsc" "$src/pgvector"

    say "building pgvector ${version%-*} from Debian's source package (PostgreSQL $PG_MAJOR)…"
    # OPTFLAGS="" drops pgvector's default -march=native, so the build is portable.
    run_logged "building pgvector" make -C "$src/pgvector" -j"$(nproc 2>/dev/null || echo 2)" \
        USE_PGXS=1 PG_CONFIG="$PG_CONFIG" OPTFLAGS=""
    run_logged "installing pgvector" make -C "$src/pgvector" install \
        USE_PGXS=1 PG_CONFIG="$PG_CONFIG" OPTFLAGS=""
}

install_pgvector() {
    if [[ $(id -u) != 0 ]]; then
        die "pgvector is not installed for PostgreSQL $PG_MAJOR; run as root: sudo $SELF"
    fi
    if [[ ! -f /etc/debian_version ]] || ! command -v apt-get >/dev/null 2>&1; then
        die "pgvector is not installed for PostgreSQL $PG_MAJOR and this is not Debian/Ubuntu; install it: $PGVECTOR_DOCS"
    fi
    WORKDIR=$(mktemp -d /tmp/maestro-pgvector.XXXXXX)
    chmod 755 "$WORKDIR"
    : >"$WORKDIR/log"
    export DEBIAN_FRONTEND=noninteractive

    # Serialise concurrent runs; another one may have finished the job meanwhile.
    if command -v flock >/dev/null 2>&1; then
        local lock=/tmp/maestro-pgvector.lock
        [[ -d /run/lock && -w /run/lock ]] && lock=/run/lock/maestro-pgvector.lock
        exec 9>"$lock"
        flock 9
        pg_paths
        if have_pgvector; then return 0; fi
    fi

    apt_update_once
    local pkg=postgresql-$PG_MAJOR-pgvector cand
    cand=$(apt_candidate "$pkg")
    if [[ -n $cand ]]; then
        say "installing $pkg $cand"
        run_logged "apt-get install $pkg" apt-get install -y -q "$pkg"
    else
        say "no $pkg package available; building from source instead"
        build_from_debian_source
    fi
    pg_paths
    have_pgvector || die "pgvector still missing after installation ($PG_SHAREDIR/extension/vector.control)"
    say "pgvector installed for PostgreSQL $PG_MAJOR"
}

local_server() {
    if [[ $PG_STATUS != online* ]]; then
        ((CHECK_ONLY)) && die "PostgreSQL $PG_MAJOR/$PG_CLUSTER is $PG_STATUS"
        start_cluster
    fi
    if ! ready "$PG_PORT"; then
        ((CHECK_ONLY)) && die "PostgreSQL $PG_MAJOR/$PG_CLUSTER is not accepting connections on $PG_HOST:$PG_PORT"
        wait_ready "$PG_PORT" 30 ||
            die "PostgreSQL $PG_MAJOR/$PG_CLUSTER does not accept connections on $PG_HOST:$PG_PORT (after 30 s)"
    fi
    if [[ $PG_PORT != 5432 ]]; then
        say "note: PostgreSQL $PG_MAJOR/$PG_CLUSTER listens on port $PG_PORT, not 5432; set MAESTRO_DB_URL accordingly"
    fi
    pg_paths
    have_pgvector && return 0
    ((CHECK_ONLY)) && die "pgvector is not installed for PostgreSQL $PG_MAJOR (no $PG_SHAREDIR/extension/vector.control)"
    install_pgvector
}

# ---------------------------------------------------------------------------------------
# Docker fallback
# ---------------------------------------------------------------------------------------

docker_works() {
    command -v docker >/dev/null 2>&1 || return 1
    if command -v timeout >/dev/null 2>&1; then
        timeout 15 docker info >/dev/null 2>&1
    else
        docker info >/dev/null 2>&1
    fi
}

port_in_use() { (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
    local p
    for ((p = 5432; p < 5532; p++)); do
        port_in_use "$p" || { echo "$p"; return 0; }
    done
    return 1
}

docker_server() {
    local running port
    if running=$(docker inspect -f '{{.State.Running}}' "$DOCKER_NAME" 2>/dev/null); then
        if [[ $running != true ]]; then
            ((CHECK_ONLY)) && die "Docker container $DOCKER_NAME is not running"
            say "starting Docker container $DOCKER_NAME"
            docker start "$DOCKER_NAME" >/dev/null
        fi
    else
        ((CHECK_ONLY)) && die "no local PostgreSQL and no Docker container $DOCKER_NAME"
        port=$(free_port) || die "no free TCP port in 5432-5531 for the Docker container"
        say "starting Docker container $DOCKER_NAME ($DOCKER_IMAGE) on $PG_HOST:$port"
        docker run -d --name "$DOCKER_NAME" -e POSTGRES_PASSWORD=maestro -e POSTGRES_DB=maestro \
            -p "$PG_HOST:$port:5432" "$DOCKER_IMAGE" >/dev/null
    fi
    port=$(docker port "$DOCKER_NAME" 5432/tcp 2>/dev/null | head -n1)
    port=${port##*:}
    [[ $port =~ ^[0-9]+$ ]] ||
        die "container $DOCKER_NAME publishes no port for 5432; remove it (docker rm -f $DOCKER_NAME) and re-run"
    local i
    for ((i = 0; i < 120; i++)); do
        docker exec "$DOCKER_NAME" pg_isready -q -h 127.0.0.1 -U postgres -d maestro >/dev/null 2>&1 && break
        ((CHECK_ONLY)) && die "Docker container $DOCKER_NAME is not ready"
        sleep 0.5
    done
    ((i < 120)) || die "Docker container $DOCKER_NAME did not become ready in 60 s (docker logs $DOCKER_NAME)"
    echo "MAESTRO_DB_URL=jdbc:postgresql://$PG_HOST:$port/maestro?user=postgres&password=maestro"
}

no_option_left() {
    cat >&2 <<EOF
maestro: no PostgreSQL with pgvector available. Options:
  - set MAESTRO_DB_URL to a PostgreSQL server that has pgvector
    (e.g. MAESTRO_DB_URL='jdbc:postgresql://host:5432/maestro?user=...&password=...');
  - install PostgreSQL locally (e.g. 'apt-get install postgresql') and re-run this script as root
    (it installs pgvector: sudo $SELF);
  - start a Docker engine and re-run (it will run $DOCKER_IMAGE as '$DOCKER_NAME');
  - install pgvector yourself: $PGVECTOR_DOCS
EOF
    exit 1
}

main() {
    while (($#)); do
        case $1 in
            --check) CHECK_ONLY=1 ;;
            -h | --help) usage; exit 0 ;;
            *) usage; exit 2 ;;
        esac
        shift
    done

    if find_local_server && [[ $PG_STATUS != nocluster ]]; then
        local_server
        ((CHECK_ONLY)) && say "PostgreSQL $PG_MAJOR${PG_CLUSTER:+/$PG_CLUSTER} is up on $PG_HOST:$PG_PORT with pgvector"
        exit 0
    fi
    if [[ $PG_STATUS == nocluster ]]; then
        say "PostgreSQL binaries are installed but no server is running on $PG_HOST:$PG_PORT and no cluster exists"
        say "  (as root: pg_createcluster <version> main --start)"
    fi
    if docker_works; then
        docker_server
        exit 0
    fi
    ((CHECK_ONLY)) && die "no local PostgreSQL server and no Docker engine"
    no_option_left
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    main "$@"
fi
