# Sourced by the launchers: Spark 4 on Java 17 needs these packages opened to the unnamed module.
opens=()
for p in java.lang java.lang.invoke java.nio sun.nio.ch java.util java.util.concurrent sun.util.calendar \
         sun.security.action java.net java.io; do
  opens+=("--add-opens=java.base/$p=ALL-UNNAMED")
done
