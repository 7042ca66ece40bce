# Sourced by ./maestro and scripts/test.sh: picks a JDK >= 21 and exports JAVA_HOME and PATH for it.
# Order: $JAVA_HOME, the java on PATH, then the newest JDK under /usr/lib/jvm.

maestro_java_major() { # prints the feature version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

maestro_select_java() {
  local candidates=() c major best="" best_major=0
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for c in /usr/lib/jvm/*/bin/java /opt/java/*/bin/java /opt/*jdk*/bin/java; do
    [ -x "$c" ] && candidates+=("$c")
  done
  for c in "${candidates[@]}"; do
    [ -x "$c" ] || continue
    major=$(maestro_java_major "$c")
    [ -n "$major" ] || continue
    # $JAVA_HOME or PATH win when good enough; otherwise take the newest
    if [ "$major" -ge 21 ] && [ -z "$best" ]; then best="$c"; best_major=$major; fi
    if [ "$major" -gt "$best_major" ] && [ "$best_major" -lt 21 ]; then best="$c"; best_major=$major; fi
  done
  if [ -z "$best" ] || [ "$best_major" -lt 21 ]; then
    echo "maestro: needs a JDK 21 or newer; none found in JAVA_HOME, PATH or /usr/lib/jvm. Install one (e.g. apt-get install openjdk-21-jdk-headless, or Temurin) and set JAVA_HOME." >&2
    return 1
  fi
  JAVA_HOME=$(cd "$(dirname "$(readlink -f "$best")")/.." && pwd)
  export JAVA_HOME
  export PATH="$JAVA_HOME/bin:$PATH"
  MAESTRO_JAVA_MAJOR=$best_major
  # Maven 3.8's bundled Guava calls sun.misc.Unsafe; JDK 24+ warns about it unless told it is allowed.
  if [ "$best_major" -ge 24 ]; then
    case " ${MAVEN_OPTS:-} " in
      *sun-misc-unsafe-memory-access*) ;;
      *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
    esac
  fi
}

maestro_utf8_locale() { # argument bytes decode as UTF-8 only under a UTF-8 locale
  case "${LC_ALL:-${LC_CTYPE:-${LANG:-}}}" in
    *UTF-8*|*utf8*|*UTF8*|*utf-8*) ;;
    *) export LC_ALL=C.UTF-8 ;;
  esac
}
