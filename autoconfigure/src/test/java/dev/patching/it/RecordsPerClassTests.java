package dev.patching.it;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.patching.ConnectionAttempt;
import dev.patching.ConnectionBlockedException;
import dev.patching.PatchManager;
import dev.patching.it.support.LoopbackServer;
import dev.patching.it.support.Scenario;
import dev.patching.it.support.Scenarios;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Two classes with the same patches and contexts of their own, running at the same time:
 * each sees its own connects, not the other's; a connect from a thread no class owns is
 * seen by both, marked as such — in {@code connectionAttempts()} and in the report.
 */
class RecordsPerClassTests {

	static final Path FILE = Path.of(ReportTests.DIR + "records-per-class.txt");

	static final String SET = "patching.socket.enabled=true";

	static final String NO_LOOPBACK = "patching.socket.allow-loopback=false";

	static final String REPORT = "patching.report.file=" + ReportTests.DIR + "records-per-class.txt";

	static LoopbackServer server;

	static volatile boolean together;

	static CountDownLatch connected;

	static CountDownLatch read;

	static CountDownLatch quietRunning;

	static final List<ConnectionAttempt> seenByQuiet = new CopyOnWriteArrayList<>();

	static final List<ConnectionAttempt> seenByBusy = new CopyOnWriteArrayList<>();

	@BeforeAll
	static void start() {
		server = new LoopbackServer();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void eachClassSeesItsOwnConnectsAndSharedThreadsConnectsMarked() throws Exception {
		// Both contexts cached first, so that in the parallel run both classes hold the
		// same set at once.
		together = false;
		assertThat(Scenarios.failures(Scenarios.run(Busy.class, Quiet.class))).isEmpty();
		Files.deleteIfExists(FILE);
		seenByQuiet.clear();
		seenByBusy.clear();
		connected = new CountDownLatch(1);
		read = new CountDownLatch(1);
		quietRunning = new CountDownLatch(1);
		together = true;

		EngineExecutionResults results = Scenarios.run(Scenarios.CLASSES_CONCURRENT, Busy.class, Quiet.class);

		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(seenByBusy).hasSize(5);
		assertThat(seenByBusy).filteredOn(ConnectionAttempt::sharedThread)
			.singleElement()
			.satisfies((attempt) -> assertThat(attempt.thread()).isEqualTo("records-pool"));
		assertThat(seenByBusy)
			.allSatisfy((attempt) -> assertThat(attempt.outcome()).isEqualTo(ConnectionAttempt.Outcome.BLOCKED));
		assertThat(seenByQuiet).singleElement().satisfies((attempt) -> {
			assertThat(attempt.sharedThread()).isTrue();
			assertThat(attempt.thread()).isEqualTo("records-pool");
		});
		assertThat(server.accepted()).isZero();
		List<String> lines = Files.readAllLines(FILE);
		assertThat(lines).filteredOn((line) -> line.contains("RecordsPerClassTests.Busy"))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("0 allowed, 0 redirected, 5 blocked")
				.contains("from shared threads (counted for every class with these patches): 1 connects, 0 lookups"));
		assertThat(lines).filteredOn((line) -> line.contains("RecordsPerClassTests.Quiet"))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("0 allowed, 0 redirected, 1 blocked")
				.contains("from shared threads (counted for every class with these patches): 1 connects, 0 lookups"));
	}

	/** Connects four times on its own thread and once from a thread no class owns. */
	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = { SET, NO_LOOPBACK, REPORT, "records.context=busy" })
	static class Busy {

		@Autowired
		PatchManager manager;

		@Test
		void connects() throws Exception {
			if (!together) {
				return;
			}
			// The shared thread's connect is counted for the classes holding the set
			// then: wait until the other class holds it.
			assertThat(quietRunning.await(20, TimeUnit.SECONDS)).as("the other class started its test").isTrue();
			for (int i = 0; i < 4; i++) {
				assertThat(catchThrowable(() -> new Socket("127.0.0.1", server.port()).close()))
					.isInstanceOf(ConnectionBlockedException.class);
			}
			Thread pool = new Thread(() -> catchThrowable(() -> new Socket("127.0.0.1", server.port()).close()),
					"records-pool");
			pool.start();
			pool.join();
			connected.countDown();
			assertThat(read.await(20, TimeUnit.SECONDS)).as("the other class read its records").isTrue();
			seenByBusy.addAll(this.manager.connectionAttempts());
		}

	}

	/** Makes no connect of its own; reads while the other class holds the same set. */
	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = { SET, NO_LOOPBACK, REPORT, "records.context=quiet" })
	static class Quiet {

		@Autowired
		PatchManager manager;

		@Test
		void readsItsRecords() throws Exception {
			if (!together) {
				return;
			}
			quietRunning.countDown();
			assertThat(connected.await(20, TimeUnit.SECONDS)).as("the other class connected").isTrue();
			seenByQuiet.addAll(this.manager.connectionAttempts());
			read.countDown();
		}

	}

}
