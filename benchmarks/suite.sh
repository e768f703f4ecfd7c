#!/usr/bin/env bash
# A generated Spring Boot test suite: K test classes with the socket + DNS patch and K without,
# every class with its own context, run through Maven Surefire
#   (1) in one JVM,
#   (2) one JVM per class (-DforkCount=1 -DreuseForks=false: the process-per-test fallback),
#   (3) in one JVM with -Dpatching.enabled=false (the library on the class path, patching off),
# modes interleaved run by run. Prints medians of wall time (`mvn surefire:test`, Maven's own
# start included) and of the test time Surefire reports (sum over classes, no Maven or fork start).
#   ./suite.sh quick   K=6, 3 runs per mode   (~4 min)
#   ./suite.sh full    K=10, 5 runs per mode  (~10 min);  K=n RUNS=n override either
# JAVA_HOME picks the JDK. It first installs patching's parent, autoconfigure and starter into the
# local Maven repository (mvn install -DskipTests), then works offline in a temp directory.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mode=${1:-quick}
case "$mode" in
  quick) k=${K:-6}; runs=${RUNS:-3} ;;
  full) k=${K:-10}; runs=${RUNS:-5} ;;
  *) echo "usage: $0 quick|full" >&2; exit 2 ;;
esac
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
mvn_flags=(-B -ntp -q)
version=$(cd "$here/.." && sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -n 1)
boot=$(cd "$here/.." && sed -n 's:.*<spring-boot.version>\(.*\)</spring-boot.version>.*:\1:p' pom.xml | head -n 1)

echo "suite: installing patching $version (parent, autoconfigure, starter) into the local repository"
(cd "$here/.." && mvn "${mvn_flags[@]}" install -DskipTests -pl autoconfigure,starter -am)

dir=$(mktemp -d /tmp/patching-suite.XXXXXX)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/src/main/java/suite" "$dir/src/test/java/suite" "$dir/src/test/resources"
cat > "$dir/pom.xml" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.patching.bench</groupId>
  <artifactId>generated-suite</artifactId>
  <version>1</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
    <suite.patching>true</suite.patching>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>org.springframework.boot</groupId>
        <artifactId>spring-boot-dependencies</artifactId>
        <version>$boot</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter</artifactId>
    </dependency>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-test</artifactId>
      <scope>test</scope>
    </dependency>
    <dependency>
      <groupId>dev.patching</groupId>
      <artifactId>patching-spring-boot-starter</artifactId>
      <version>$version</version>
      <scope>test</scope>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <artifactId>maven-resources-plugin</artifactId>
        <version>3.3.1</version>
      </plugin>
      <plugin>
        <artifactId>maven-compiler-plugin</artifactId>
        <version>3.14.0</version>
      </plugin>
      <plugin>
        <artifactId>maven-surefire-plugin</artifactId>
        <version>3.5.4</version>
        <configuration>
          <argLine>-XX:+EnableDynamicAgentLoading</argLine>
          <systemPropertyVariables>
            <patching.enabled>\${suite.patching}</patching.enabled>
          </systemPropertyVariables>
        </configuration>
      </plugin>
    </plugins>
  </build>
</project>
POM
cat > "$dir/src/main/java/suite/SuiteApp.java" <<'JAVA'
package suite;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
public class SuiteApp {

	@Bean
	Greeter greeter() {
		return new Greeter();
	}

	public static class Greeter {
		public String greet(String name) {
			return "hello " + name;
		}
	}

}
JAVA
printf 'spring.main.banner-mode=off\nlogging.level.root=warn\n' > "$dir/src/test/resources/application.properties"
for i in $(seq 1 "$k"); do
  cat > "$dir/src/test/java/suite/Patched${i}Test.java" <<JAVA
package suite;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import dev.patching.PatchManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(properties = { "suite.context=patched-$i", "patching.socket.enabled=true",
		"patching.dns.enabled=true", "patching.dns.hosts[svc-$i.suite.test]=127.0.0.1" })
class Patched${i}Test {

	@Autowired
	SuiteApp.Greeter greeter;

	@Autowired
	PatchManager patching;

	@Test
	void connectsToTheTableAddress() throws Exception {
		boolean on = !"false".equals(System.getProperty("patching.enabled"));
		assertThat(this.patching.isInEffect()).isEqualTo(on);
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			// Patching off, the .test name is never asked for: the suite only talks to loopback.
			InetAddress target = on ? InetAddress.getByName("svc-$i.suite.test") : InetAddress.getLoopbackAddress();
			try (Socket socket = new Socket(target, server.getLocalPort())) {
				assertThat(socket.isConnected()).isTrue();
			}
		}
		assertThat(this.greeter.greet("$i")).isEqualTo("hello $i");
	}

}
JAVA
  cat > "$dir/src/test/java/suite/Plain${i}Test.java" <<JAVA
package suite;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import dev.patching.PatchManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(properties = "suite.context=plain-$i")
class Plain${i}Test {

	@Autowired
	SuiteApp.Greeter greeter;

	@Autowired
	PatchManager patching;

	@Test
	void connectsToLoopback() throws Exception {
		assertThat(this.patching.isInEffect()).isFalse();
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
				assertThat(socket.isConnected()).isTrue();
			}
		}
		assertThat(this.greeter.greet("$i")).isEqualTo("hello $i");
	}

}
JAVA
done

cd "$dir"
echo "suite: $k patched + $k plain classes in $dir; compiling"
mvn "${mvn_flags[@]}" -o test-compile
declare -A args=(
  [one-jvm]=""
  [jvm-per-class]="-DforkCount=1 -DreuseForks=false"
  [patching-off]="-Dsuite.patching=false"
)
order=(one-jvm jvm-per-class patching-off)
results=$(mktemp -d)
echo "suite: $runs runs per mode, $("$java" -version 2>&1 | head -n 1), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$runs"); do
  for m in "${order[@]}"; do
    rm -rf target/surefire-reports
    t0=$(date +%s%N)
    # shellcheck disable=SC2086
    if ! mvn "${mvn_flags[@]}" -o surefire:test ${args[$m]} > "$results/$m.log" 2>&1; then
      echo "mode $m failed:" >&2; tail -n 60 "$results/$m.log" >&2; exit 1
    fi
    t1=$(date +%s%N)
    tests=$(cat target/surefire-reports/TEST-*.xml | grep -o '<testsuite [^>]*' | grep -o ' tests="[0-9]*"' | grep -o '[0-9]*' | paste -sd+ | bc)
    if [ "$tests" != $(( 2 * k )) ]; then echo "mode $m ran $tests tests, expected $(( 2 * k ))" >&2; exit 1; fi
    secs=$(cat target/surefire-reports/TEST-*.xml | grep -o '<testsuite [^>]*' | grep -o ' time="[0-9.,]*"' | tr -d ', ' | grep -o '[0-9.]*' | paste -sd+ | bc)
    echo $(( (t1 - t0) / 1000000 )) >> "$results/$m.wall"
    awk -v s="$secs" 'BEGIN {printf "%d\n", s * 1000}' >> "$results/$m.tests"
    echo "  run $i $m: wall $(( (t1 - t0) / 1000000 )) ms, tests ${secs} s"
  done
done
median() { sort -n "$1" | awk '{a[NR]=$1} END {printf "%d\n", (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
declare -A wall tests
echo
printf '%-15s %12s %16s\n' mode "wall ms" "test time ms"
for m in "${order[@]}"; do
  wall[$m]=$(median "$results/$m.wall"); tests[$m]=$(median "$results/$m.tests")
  printf '%-15s %12s %16s\n' "$m" "${wall[$m]}" "${tests[$m]}"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
echo
echo "(2)/(1) jvm-per-class / one-jvm, wall:        $(ratio "${wall[jvm-per-class]}" "${wall[one-jvm]}")   (target >= 3)"
echo "(1)/(3) one-jvm / patching-off, wall:         $(ratio "${wall[one-jvm]}" "${wall[patching-off]}")   (target <= 1.05)"
echo "(1)/(3) one-jvm / patching-off, test time:    $(ratio "${tests[one-jvm]}" "${tests[patching-off]}")"
rm -rf "$results"
