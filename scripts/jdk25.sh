# Sourced by ./mvn25, ./nabla and .ci/run: finds a JDK 25 and exports JAVA_HOME and PATH.
# Order: $JAVA_HOME if it is a JDK 25 or newer, then the usual JVM folder (/usr/lib/jvm).
nabla_java_major() {  # prints the feature version of the JDK at $1, or nothing
  [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
nabla_find_jdk25() {
  local cand v
  for cand in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25* /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    [ -n "$cand" ] && [ -d "$cand" ] || continue
    v=$(nabla_java_major "$cand")
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then echo "$cand"; return 0; fi
  done
  return 1
}
if ! NABLA_JDK=$(nabla_find_jdk25); then
  echo "error: Nabla needs a JDK 25 (Temurin 25 recommended). None found in JAVA_HOME='${JAVA_HOME:-}' or /usr/lib/jvm." >&2
  echo "       Install one (e.g. Temurin 25 into /usr/lib/jvm) or point JAVA_HOME at it." >&2
  exit 1
fi
export JAVA_HOME="$NABLA_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
