# Shared by bin/ikewb and bin/ikewb-workbench: finds the JDK and the built product.
ikewb_java_ok() { # JAVA_HOME candidate -> 0 if it holds Java 21+; sets IKEWB_JAVA_FEATURE, IKEWB_JAVA_RUNTIME
  local v= line
  [ -x "$1/bin/java" ] || return 1
  # the JDK's release file says its version without starting a JVM (that would cost as much as a
  # java -version); read with builtins: every process started here costs bin/ikewb ~5 ms
  IKEWB_JAVA_RUNTIME=
  if [ -r "$1/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case $line in
        JAVA_VERSION=*) v=${line#JAVA_VERSION=}; v=${v//\"/}; v=${v%%[!0-9]*} ;;
        JAVA_RUNTIME_VERSION=*) IKEWB_JAVA_RUNTIME=${line#JAVA_RUNTIME_VERSION=}; IKEWB_JAVA_RUNTIME=${IKEWB_JAVA_RUNTIME//\"/} ;;
      esac
    done < "$1/release"
  fi
  [ -n "$v" ] || v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  [ -n "$v" ] && [ "${v%%.*}" -ge 21 ] && IKEWB_JAVA_FEATURE=${v%%.*}
}
if [ -n "${JAVA_HOME:-}" ] && ikewb_java_ok "$JAVA_HOME"; then
  IKEWB_JAVA_HOME=$JAVA_HOME
elif ikewb_java_ok /usr/lib/jvm/temurin-25-jdk-amd64; then
  IKEWB_JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
elif command -v java >/dev/null && ikewb_java_ok "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"; then
  IKEWB_JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
else
  echo "ikewb: needs a JDK 21 or newer; set JAVA_HOME" >&2
  exit 2
fi
IKEWB_JAVA=$IKEWB_JAVA_HOME/bin/java
IKEWB_HOME=${IKEWB_HOME:-$root/releng/org.ikewb.repository/target/products/org.ikewb.product/linux/gtk/x86_64}

ikewb_classpath() { # plugins dir -> classpath of the newest jar per bundle, org.ikewb.* first
  ls "$1" | grep '\.jar$' | sed -n 's/^\(.*\)_\([0-9][^_]*\)\.jar$/\1 \2/p' | sort -k1,1 -k2,2V \
    | awk '{ last[$1] = $1 "_" $2 ".jar" } END { for (n in last) print last[n] }' \
    | sort | awk -v d="$1" '/^org\.ikewb\./ { ours = ours ":" d "/" $0; next } { rest = rest ":" d "/" $0 } END { print substr(ours rest, 2) }'
}
