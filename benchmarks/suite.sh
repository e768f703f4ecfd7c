#!/usr/bin/env bash
# A generated Spring Boot test suite: K test classes with the socket + DNS patch and K without,
# every class with its own context, run through Maven Surefire
#   (1) in one JVM,
#   (2) one JVM per class (-DforkCount=1 -DreuseForks=false: the process-per-test fallback),
#   (3) in one JVM with -Dpatching.enabled=false (the library on the class path, patching off),
# modes interleaved run by run. Prints medians of wall time (`mvn surefire:test`, Maven's own
# start included) and of the test time Surefire reports (sum over classes, no Maven or fork start).
#   ./suite.sh quick     K=6, 3 runs per mode   (~4 min)
#   ./suite.sh full      K=10, 5 runs per mode  (~10 min);  K=n RUNS=n override any mode
#   ./suite.sh overrides 5 runs per mode (~4 min): one class whose 20 test methods each carry a
#                        different @PatchingOverride (a system property value and a socket allow
#                        rule of its own), against the same class without overrides, each run
#                        alone in its own JVM (modes `overrides`, `no-overrides`). Every method
#                        checks the system property it should see, resolves a name from the
#                        context's DNS table and exchanges one byte over a loopback connection
#                        with a server the class started. Prints medians of wall time, the class
#                        time Surefire reports (context start included), the sum of the 20 method
#                        times (before/after-each callbacks included) with and without the first
#                        (which pays the JVM's first use of AssertJ and sockets), the ratios, and
#                        how many contexts each run created (a bean's constructor counts them;
#                        must be 1).
#                        KEEP=dir keeps each run's Surefire report.
#   ./suite.sh parallel  K=12, 3 runs per mode  (~4 min): JUnit classes concurrent on 4 threads,
#                        two generated suites of K classes each, timed in five ways:
#     one-set         every class the same patch set (socket + DNS table + a system property),
#                     three distinct contexts (a harmless suite.context=v0|v1|v2);
#     one-set-off     the same with -Dpatching.enabled=false (library present, patching off);
#     three-sets      three contexts with three different patch sets (different DNS table and
#                     system property value), otherwise the same classes;
#     three-sets-off  the same with -Dpatching.enabled=false;
#     no-library      the one-set suite with the starter left off the test class path.
#   Every class starts a loopback server, connects to it (through a name from the DNS table when
#   patching is on) and sleeps 250-400 ms in two test methods, so that classes overlap. Each class
#   logs when JUnit started it, when its first test began (context ready, lease held), when its
#   last test ended and when JUnit finished it; the script derives from that the span (first
#   start to last end), the most classes working at once, and the time classes whose context was
#   already open spent before their first test (waiting). A run that fails (a wait timeout: every
#   class sets patching.wait-timeout=30s) is reported and left out of the medians; KEEP=dir keeps
#   the timelines and logs.
# JAVA_HOME picks the JDK. It first installs patching's parent, autoconfigure and starter into the
# local Maven repository (mvn install -DskipTests), then works offline in a temp directory.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mode=${1:-quick}
case "$mode" in
  quick) k=${K:-6}; runs=${RUNS:-3} ;;
  full) k=${K:-10}; runs=${RUNS:-5} ;;
  parallel) k=${K:-12}; runs=${RUNS:-3} ;;
  overrides) k=20; runs=${RUNS:-5} ;;
  *) echo "usage: $0 quick|full|parallel|overrides" >&2; exit 2 ;;
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
  </dependencies>
  <profiles>
    <profile>
      <!-- -Dsuite.absent=true runs the tests without the library on the class path -->
      <id>with-patching</id>
      <activation>
        <property>
          <name>!suite.absent</name>
        </property>
      </activation>
      <dependencies>
        <dependency>
          <groupId>dev.patching</groupId>
          <artifactId>patching-spring-boot-starter</artifactId>
          <version>$version</version>
          <scope>test</scope>
        </dependency>
      </dependencies>
    </profile>
  </profiles>
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
            <suite.timeline>\${project.build.directory}/suite-timeline.txt</suite.timeline>
            <suite.contexts>\${project.build.directory}/suite-contexts.txt</suite.contexts>
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
generate_sequential() {
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
}

# The parallel suites: a JUnit extension (registered for every class by autodetection) that logs
# each class's timeline, and K classes per suite in suite.one (one patch set) and suite.three
# (three sets). Nothing in them refers to the library, so they also run without it.
generate_parallel() {
  mkdir -p "$dir/src/test/java/suite/one" "$dir/src/test/java/suite/three" "$dir/src/test/resources/META-INF/services"
  cat > "$dir/src/test/resources/junit-platform.properties" <<'PROPS'
junit.jupiter.execution.parallel.enabled=true
junit.jupiter.execution.parallel.mode.default=same_thread
junit.jupiter.execution.parallel.mode.classes.default=concurrent
junit.jupiter.execution.parallel.config.strategy=fixed
junit.jupiter.execution.parallel.config.fixed.parallelism=4
junit.jupiter.extensions.autodetection.enabled=true
PROPS
  echo suite.Timeline > "$dir/src/test/resources/META-INF/services/org.junit.jupiter.api.extension.Extension"
  cat > "$dir/src/test/java/suite/Timeline.java" <<'JAVA'
package suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Logs one line per test class: start (JUnit begins the class, before Spring's callbacks), ready
 * (first test method about to run: context there, lease held), work end (last test method ended),
 * end (after Spring's after-class callbacks), the start date of the class's context, and the
 * thread. Registered globally, so its callbacks run outside Spring's.
 */
public class Timeline implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

	private static final Map<Class<?>, long[]> TIMES = new ConcurrentHashMap<>();

	@Override
	public void beforeAll(ExtensionContext context) {
		TIMES.put(context.getRequiredTestClass(), new long[] { System.currentTimeMillis(), 0, 0, 0 });
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		long[] times = TIMES.get(context.getRequiredTestClass());
		if (times[1] == 0) {
			times[1] = System.currentTimeMillis();
		}
	}

	@Override
	public void afterEach(ExtensionContext context) {
		TIMES.get(context.getRequiredTestClass())[2] = System.currentTimeMillis();
	}

	/** Called by a test with its context's start date. */
	public static void contextStarted(Class<?> testClass, long startupDate) {
		TIMES.get(testClass)[3] = startupDate;
	}

	@Override
	public void afterAll(ExtensionContext context) throws IOException {
		long end = System.currentTimeMillis();
		Class<?> testClass = context.getRequiredTestClass();
		long[] t = TIMES.remove(testClass);
		String line = testClass.getSimpleName() + " " + t[0] + " " + t[1] + " " + t[2] + " " + end + " " + t[3] + " "
				+ Thread.currentThread().getName().replace(' ', '_') + "\n";
		synchronized (Timeline.class) {
			Files.writeString(Path.of(System.getProperty("suite.timeline")), line, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
	}

}
JAVA
  local i n v
  for i in $(seq 1 "$k"); do
    n=$(printf '%02d' "$i"); v=$(( i % 3 ))
    parallel_class one "SameSet${n}Test" "v$v" "svc.suite.test" "one" "$i"
    parallel_class three "ThreeSets${n}Test" "s$v" "svc-$v.suite.test" "set-$v" "$i"
  done
}

# parallel_class package class context-variant dns-name marker index
parallel_class() {
  local pause=$(( 100 + 50 * ($6 % 3) ))
  cat > "$dir/src/test/java/suite/$1/$2.java" <<JAVA
package suite.$1;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import suite.SuiteApp;
import suite.Timeline;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(properties = { "suite.context=$3", "patching.socket.enabled=true", "patching.dns.enabled=true",
		"patching.dns.hosts[$4]=127.0.0.1", "patching.system-properties[suite.marker]=$5", "patching.wait-timeout=30s" })
class $2 {

	static ServerSocket server;

	@Autowired
	SuiteApp.Greeter greeter;

	@Autowired
	ApplicationContext context;

	@BeforeAll
	static void startServer() throws Exception {
		server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
	}

	@AfterAll
	static void stopServer() throws Exception {
		server.close();
	}

	/** Patching on: the name from the table, and the marker set. Off (or no library): plain loopback. */
	static void connect() throws Exception {
		boolean on = !"false".equals(System.getProperty("patching.enabled"));
		assertThat(System.getProperty("suite.marker")).isEqualTo(on ? "$5" : null);
		InetAddress target = on ? InetAddress.getByName("$4") : InetAddress.getLoopbackAddress();
		assertThat(target.isLoopbackAddress()).isTrue();
		try (Socket socket = new Socket(target, server.getLocalPort()); Socket accepted = server.accept()) {
			assertThat(socket.isConnected()).isTrue();
		}
	}

	@Test
	void connectsAndWorks() throws Exception {
		Timeline.contextStarted(getClass(), this.context.getStartupDate());
		connect();
		Thread.sleep($pause);
		connect();
		Thread.sleep(150);
		assertThat(this.greeter.greet("$6")).isEqualTo("hello $6");
	}

	@Test
	void connectsAgain() throws Exception {
		connect();
		Thread.sleep(100);
		connect();
	}

}
JAVA
}

# The overrides suite: one class with 20 test methods, each with its own @PatchingOverride, and
# the same class without; both on one context configuration (so, run alone, one context each).
generate_overrides() {
  mkdir -p "$dir/src/test/java/suite/overrides"
  cat > "$dir/src/test/java/suite/overrides/ContextCounter.java" <<'JAVA'
package suite.overrides;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** A bean of the test context: its constructor counts the contexts the JVM created. */
public class ContextCounter {

	static final AtomicInteger CREATED = new AtomicInteger();

	public ContextCounter() {
		CREATED.incrementAndGet();
	}

	/** Called after the class: the count, for the script. */
	static void report() throws IOException {
		Files.writeString(Path.of(System.getProperty("suite.contexts")), CREATED.get() + "\n");
	}

}
JAVA
  overrides_class OverridesTest yes
  overrides_class NoOverridesTest no
}

# overrides_class class with-overrides(yes|no)
overrides_class() {
  local i n methods=""
  for i in $(seq 1 "$k"); do
    n=$(printf '%02d' "$i")
    if [ "$2" = yes ]; then
      methods+="
	@Test
	@PatchingOverride({ \"patching.system-properties[suite.marker]=m$n\",
			\"patching.socket.allow[0]=partner-$n.suite.test:443\" })
	void method$n() throws Exception {
		work(\"m$n\");
	}
"
    else
      methods+="
	@Test
	void method$n() throws Exception {
		work(\"context\");
	}
"
    fi
  done
  cat > "$dir/src/test/java/suite/overrides/$1.java" <<JAVA
package suite.overrides;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import dev.patching.PatchManager;
import dev.patching.PatchingOverride;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(properties = { "patching.socket.enabled=true", "patching.socket.allow[0]=*.partner.suite.test:443",
		"patching.dns.enabled=true", "patching.dns.hosts[svc.suite.test]=127.0.0.1",
		"patching.system-properties[suite.marker]=context" })
@Import(ContextCounter.class)
@TestMethodOrder(MethodOrderer.MethodName.class)
class $1 {

	static ServerSocket server;

	@Autowired
	PatchManager patching;

	@BeforeAll
	static void startServer() throws Exception {
		server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
	}

	@AfterAll
	static void stopServer() throws Exception {
		server.close();
		ContextCounter.report();
	}

	/** The marker this method should see, a name from the table, one byte over loopback. */
	void work(String marker) throws Exception {
		assertThat(this.patching.isInEffect()).isTrue();
		assertThat(System.getProperty("suite.marker")).isEqualTo(marker);
		InetAddress target = InetAddress.getByName("svc.suite.test");
		try (Socket socket = new Socket(target, server.getLocalPort()); Socket accepted = server.accept()) {
			socket.getOutputStream().write(42);
			assertThat(accepted.getInputStream().read()).isEqualTo(42);
		}
	}
$methods
}
JAVA
}

if [ "$mode" = parallel ]; then
  generate_parallel
  declare -A args=(
    [one-set]="-Dtest=suite/one/**"
    [one-set-off]="-Dtest=suite/one/** -Dsuite.patching=false"
    [three-sets]="-Dtest=suite/three/**"
    [three-sets-off]="-Dtest=suite/three/** -Dsuite.patching=false"
    [no-library]="-Dtest=suite/one/** -Dsuite.patching=false -Dsuite.absent=true"
  )
  order=(one-set one-set-off three-sets three-sets-off no-library)
  # Every class sets patching.wait-timeout=30s (a setting, not part of a patch set), and a stuck
  # test JVM is ended after 5 minutes: a run that deadlocks fails and is reported, not waited out.
  extra_args="-Dsurefire.timeout=300"
  expected=$(( 2 * k ))
  what="2 suites of $k classes (one patch set / three), JUnit classes concurrent on 4 threads"
elif [ "$mode" = overrides ]; then
  generate_overrides
  declare -A args=(
    [overrides]="-Dtest=suite/overrides/OverridesTest"
    [no-overrides]="-Dtest=suite/overrides/NoOverridesTest"
  )
  order=(overrides no-overrides)
  expected=$k
  what="one class of $k methods, each with its own @PatchingOverride, and the same class without"
else
  generate_sequential
  declare -A args=(
    [one-jvm]=""
    [jvm-per-class]="-DforkCount=1 -DreuseForks=false"
    [patching-off]="-Dsuite.patching=false"
  )
  order=(one-jvm jvm-per-class patching-off)
  expected=$(( 2 * k ))
  what="$k patched + $k plain classes"
fi

# Timeline of one run: span (first start to last end), most classes working at once (between
# their first test and last test end), the mean number working over the span, and for classes
# whose context was open before they started:
# how many spent over 50 ms before their first test, and their total time before the first test.
timeline() {
  awk '
    { name[NR] = $1; s[NR] = $2; r[NR] = $3; w[NR] = $4; e[NR] = $5; c[NR] = $6
      if (NR == 1 || $2 < first) first = $2
      if ($5 > last) last = $5 }
    END {
      for (i = 1; i <= NR; i++) {
        at = 0
        for (j = 1; j <= NR; j++) if (r[j] <= r[i] && w[j] > r[i]) at++
        if (at > most) most = at
        work += w[i] - r[i]
        if (c[i] < s[i]) { cached++; pre = r[i] - s[i]; waited += pre; if (pre > 50) late++ }
      }
      printf "%d %d %.1f %d %d %d\n", last - first, most, work / (last - first), cached, late, waited
    }' "$1"
}

cd "$dir"
echo "suite: $what in $dir; compiling"
mvn "${mvn_flags[@]}" -o test-compile
results=$(mktemp -d)
echo "suite: $runs runs per mode, $("$java" -version 2>&1 | head -n 1), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$runs"); do
  for m in "${order[@]}"; do
    rm -rf target/surefire-reports target/suite-timeline.txt target/suite-contexts.txt
    t0=$(date +%s%N)
    # shellcheck disable=SC2086
    if ! mvn "${mvn_flags[@]}" -o surefire:test ${args[$m]} ${extra_args:-} > "$results/$m.log" 2>&1; then
      if [ "$mode" != parallel ]; then
        echo "mode $m failed:" >&2; tail -n 60 "$results/$m.log" >&2; exit 1
      fi
      # A failed parallel run is reported, kept out of the medians, and the next run goes on.
      t1=$(date +%s%N)
      echo "$i" >> "$results/$m.failed"
      cp "$results/$m.log" "$results/$m.$i.failed.log"
      [ -f target/suite-timeline.txt ] && cp target/suite-timeline.txt "$results/$m.$i.failed.timeline"
      cat target/surefire-reports/*.txt 2>/dev/null >> "$results/$m.$i.failed.log" || true
      cause=$(grep -h -m 1 -E 'waited PT|Exception:|ERROR\]' target/surefire-reports/*.txt "$results/$m.log" 2>/dev/null | head -n 1 | cut -c1-300 || true)
      echo "  run $i $m: FAILED after $(( (t1 - t0) / 1000000 )) ms: ${cause:-see the log}"
      continue
    fi
    t1=$(date +%s%N)
    tests=$(cat target/surefire-reports/TEST-*.xml | grep -o '<testsuite [^>]*' | grep -o ' tests="[0-9]*"' | grep -o '[0-9]*' | paste -sd+ | bc)
    if [ "$tests" != "$expected" ]; then echo "mode $m ran $tests tests, expected $expected" >&2; exit 1; fi
    secs=$(cat target/surefire-reports/TEST-*.xml | grep -o '<testsuite [^>]*' | grep -o ' time="[0-9.,]*"' | tr -d ', ' | grep -o '[0-9.]*' | paste -sd+ | bc)
    echo $(( (t1 - t0) / 1000000 )) >> "$results/$m.wall"
    awk -v s="$secs" 'BEGIN {printf "%d\n", s * 1000}' >> "$results/$m.tests"
    line="  run $i $m: wall $(( (t1 - t0) / 1000000 )) ms, tests ${secs} s"
    if [ "$mode" = overrides ]; then
      # The methods' own times (Surefire's testcase times), and the contexts the run created.
      # The first method's time includes first-use work of the JVM (AssertJ, sockets); "later" leaves it out.
      methods=$(cat target/surefire-reports/TEST-*.xml | grep -o '<testcase [^>]*' | grep -o ' time="[0-9.,]*"' | tr -d ', ' | grep -o '[0-9.]*' | paste -sd+ | bc)
      later=$(cat target/surefire-reports/TEST-*.xml | grep -o '<testcase [^>]*' | grep -v 'name="method01"' | grep -o ' time="[0-9.,]*"' | tr -d ', ' | grep -o '[0-9.]*' | paste -sd+ | bc)
      awk -v s="$methods" 'BEGIN {printf "%d\n", s * 1000}' >> "$results/$m.methods"
      awk -v s="$later" 'BEGIN {printf "%d\n", s * 1000}' >> "$results/$m.later"
      contexts=$(cat target/suite-contexts.txt 2>/dev/null || echo "?")
      if [ "$contexts" != 1 ]; then echo "mode $m created $contexts contexts, expected 1" >&2; exit 1; fi
      echo "$contexts" >> "$results/$m.contexts"
      line="$line, methods ${methods} s (02-$k: ${later} s), contexts created: $contexts"
      if [ -n "${KEEP:-}" ]; then
        mkdir -p "$KEEP" && cat target/surefire-reports/TEST-*.xml > "$KEEP/$m.$i.xml"
      fi
    fi
    if [ -f target/suite-timeline.txt ]; then
      cp target/suite-timeline.txt "$results/$m.$i.timeline"
      read -r span most mean cached late waited < <(timeline target/suite-timeline.txt)
      echo "$span" >> "$results/$m.span"
      echo "$waited" >> "$results/$m.waited"
      line="$line, span $span ms, classes working: at most $most at once, $mean on average over the span; $late of $cached classes with an open context waited > 50 ms ($waited ms in all)"
    fi
    echo "$line"
  done
done
median() { [ -s "$1" ] || { echo 0; return; }; sort -n "$1" | awk '{a[NR]=$1} END {printf "%d\n", (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == 0 || b == 0) printf "-"; else printf "%.2f", a / b}'; }
declare -A wall tests span waited
echo
if [ "$mode" = parallel ]; then
  printf '%-15s %10s %16s %10s %14s %8s\n' mode "wall ms" "test time ms" "span ms" "waited ms" "failed"
  for m in "${order[@]}"; do
    wall[$m]=$(median "$results/$m.wall"); tests[$m]=$(median "$results/$m.tests")
    span[$m]=$(median "$results/$m.span"); waited[$m]=$(median "$results/$m.waited")
    failed=0; [ -f "$results/$m.failed" ] && failed=$(wc -l < "$results/$m.failed")
    printf '%-15s %10s %16s %10s %14s %8s\n' "$m" "${wall[$m]}" "${tests[$m]}" "${span[$m]}" "${waited[$m]}" "$failed/$runs"
  done
  echo "(medians over the runs that passed; 0 = no run passed)"
  echo "(test time: sum of Surefire's class times, which overlap; span: first class start to last class end;"
  echo " waited: time classes whose context was already open spent before their first test)"
  echo
  for pair in "one-set one-set-off (target <= 1.10)" "three-sets three-sets-off" "three-sets one-set-off" \
      "three-sets one-set" "one-set-off no-library"; do
    read -r a b note <<< "$pair"
    printf '%-30s wall %s   test time %s   span %s   %s\n' "$a / $b" "$(ratio "${wall[$a]}" "${wall[$b]}")" \
      "$(ratio "${tests[$a]}" "${tests[$b]}")" "$(ratio "${span[$a]}" "${span[$b]}")" "$note"
  done
  if [ -n "${KEEP:-}" ]; then
    mkdir -p "$KEEP" && cp "$results"/*.timeline "$results"/*.log "$KEEP"/ 2>/dev/null; echo "timelines and logs kept in $KEEP"
  fi
elif [ "$mode" = overrides ]; then
  declare -A methods later
  printf '%-15s %10s %15s %15s %18s %10s\n' mode "wall ms" "class time ms" "methods ms" "methods 02-$k ms" "contexts"
  for m in "${order[@]}"; do
    wall[$m]=$(median "$results/$m.wall"); tests[$m]=$(median "$results/$m.tests")
    methods[$m]=$(median "$results/$m.methods"); later[$m]=$(median "$results/$m.later")
    printf '%-15s %10s %15s %15s %18s %10s\n' "$m" "${wall[$m]}" "${tests[$m]}" "${methods[$m]}" "${later[$m]}" \
      "$(sort -u "$results/$m.contexts" | paste -sd, -) per run"
  done
  echo "(medians of $runs runs; class time: Surefire's, the context's start included; methods: the sum of"
  echo " the $k test methods' own times, before/after-each callbacks included; 02-$k: without the first)"
  echo
  echo "overrides / no-overrides, class time:   $(ratio "${tests[overrides]}" "${tests[no-overrides]}")   (target <= 1.10)"
  echo "overrides / no-overrides, wall:         $(ratio "${wall[overrides]}" "${wall[no-overrides]}")"
  echo "overrides / no-overrides, methods:      $(ratio "${methods[overrides]}" "${methods[no-overrides]}")   ($(( ${methods[overrides]} - ${methods[no-overrides]} )) ms for $k methods)"
  echo "overrides / no-overrides, methods 02-$k: $(ratio "${later[overrides]}" "${later[no-overrides]}")   ($(( ${later[overrides]} - ${later[no-overrides]} )) ms for $(( k - 1 )) methods)"
  [ -n "${KEEP:-}" ] && echo "Surefire's reports kept in $KEEP"
else
  printf '%-15s %12s %16s\n' mode "wall ms" "test time ms"
  for m in "${order[@]}"; do
    wall[$m]=$(median "$results/$m.wall"); tests[$m]=$(median "$results/$m.tests")
    printf '%-15s %12s %16s\n' "$m" "${wall[$m]}" "${tests[$m]}"
  done
  echo
  echo "(2)/(1) jvm-per-class / one-jvm, wall:        $(ratio "${wall[jvm-per-class]}" "${wall[one-jvm]}")   (target >= 3)"
  echo "(1)/(3) one-jvm / patching-off, wall:         $(ratio "${wall[one-jvm]}" "${wall[patching-off]}")   (target <= 1.05)"
  echo "(1)/(3) one-jvm / patching-off, test time:    $(ratio "${tests[one-jvm]}" "${tests[patching-off]}")"
fi
rm -rf "$results"
