# shellcheck shell=bash
# Sourced by build/mvn, ./huc and .ci/run: selects a JDK >= 21 and exports
# JAVA_HOME and PATH. Order: $JAVA_HOME (if >= 21), Temurin 25, any
# /usr/lib/jvm/* whose `java -version` major is >= 21.

huc_java_major() { # $1 = java executable; prints the major version or nothing
  local v
  v=$("$1" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n1)
  [ -n "$v" ] || return 1
  case "$v" in 1.*) v=${v#1.} ;; esac
  echo "${v%%[.+-]*}"
}

huc_jdk_ok() { # $1 = candidate JAVA_HOME
  local m
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  m=$(huc_java_major "$1/bin/java") || return 1
  [ -n "$m" ] && [ "$m" -ge 21 ] 2>/dev/null
}

huc_find_jdk() {
  local c
  if [ -n "${JAVA_HOME:-}" ] && huc_jdk_ok "$JAVA_HOME"; then echo "$JAVA_HOME"; return 0; fi
  if huc_jdk_ok /usr/lib/jvm/temurin-25-jdk-amd64; then echo /usr/lib/jvm/temurin-25-jdk-amd64; return 0; fi
  for c in /usr/lib/jvm/*; do
    [ -d "$c" ] || continue
    if huc_jdk_ok "$c"; then echo "$c"; return 0; fi
  done
  return 1
}

if huc_jdk_home=$(huc_find_jdk); then
  export JAVA_HOME="$huc_jdk_home"
  export PATH="$JAVA_HOME/bin:$PATH"
  unset huc_jdk_home
else
  echo "huc: no JDK >= 21 found; install one (e.g. apt-get install openjdk-21-jdk-headless / temurin) or set JAVA_HOME" >&2
  exit 1
fi
