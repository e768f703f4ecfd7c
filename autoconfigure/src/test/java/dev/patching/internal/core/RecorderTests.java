package dev.patching.internal.core;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.patching.ConnectionAttempt;
import dev.patching.DnsLookup;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class RecorderTests {

	private final Recorder recorder = new Recorder();

	@Test
	void keepsRecordsOldestFirst() {
		this.recorder.connection(attempt(1, ConnectionAttempt.Outcome.ALLOWED));
		this.recorder.connection(attempt(2, ConnectionAttempt.Outcome.BLOCKED));
		this.recorder.lookup(lookup("a.test", DnsLookup.Outcome.ANSWERED));
		assertThat(this.recorder.connections()).extracting(ConnectionAttempt::port).containsExactly(1, 2);
		assertThat(this.recorder.lookups()).extracting(DnsLookup::name).containsExactly("a.test");
	}

	@Test
	void keepsTheNewestRecordsWhenTheRingWrapsAround() {
		int total = Recorder.CAPACITY + 10;
		for (int i = 0; i < total; i++) {
			this.recorder.connection(attempt(i, ConnectionAttempt.Outcome.ALLOWED));
		}
		List<ConnectionAttempt> kept = this.recorder.connections();
		assertThat(kept).hasSize(Recorder.CAPACITY);
		assertThat(kept.get(0).port()).isEqualTo(10);
		assertThat(kept.get(kept.size() - 1).port()).isEqualTo(total - 1);
		assertThat(this.recorder.totals().of(ConnectionAttempt.Outcome.ALLOWED)).isEqualTo(total);
	}

	@Test
	void clearForgetsRecordsButNotTotals() {
		this.recorder.connection(attempt(1, ConnectionAttempt.Outcome.REDIRECTED));
		this.recorder.lookup(lookup("b.test", DnsLookup.Outcome.REFUSED));
		this.recorder.clear();
		assertThat(this.recorder.connections()).isEmpty();
		assertThat(this.recorder.lookups()).isEmpty();
		this.recorder.connection(attempt(2, ConnectionAttempt.Outcome.BLOCKED));
		assertThat(this.recorder.connections()).extracting(ConnectionAttempt::port).containsExactly(2);
		Recorder.Totals totals = this.recorder.totals();
		assertThat(totals.of(ConnectionAttempt.Outcome.REDIRECTED)).isEqualTo(1);
		assertThat(totals.of(ConnectionAttempt.Outcome.BLOCKED)).isEqualTo(1);
		assertThat(totals.of(DnsLookup.Outcome.REFUSED)).isEqualTo(1);
	}

	@Test
	void totalsSinceAnEarlierPointCountOnlyWhatCameAfter() {
		this.recorder.connection(attempt(1, ConnectionAttempt.Outcome.BLOCKED));
		Recorder.Totals before = this.recorder.totals();
		this.recorder.connection(attempt(2, ConnectionAttempt.Outcome.BLOCKED));
		this.recorder.lookup(lookup("c.test", DnsLookup.Outcome.SYSTEM));
		Recorder.Totals since = this.recorder.totals().since(before);
		assertThat(since.of(ConnectionAttempt.Outcome.BLOCKED)).isEqualTo(1);
		assertThat(since.of(DnsLookup.Outcome.SYSTEM)).isEqualTo(1);
		assertThat(since.of(ConnectionAttempt.Outcome.ALLOWED)).isZero();
	}

	@Test
	void recordsBecomeWhatUsersSeeWhenRead() {
		InetAddress address = InetAddress.getLoopbackAddress();
		this.recorder
			.connection(new SeenConnect(address, 80, ConnectionAttempt.Outcome.ALLOWED, null, "t", (a) -> "api.test"));
		this.recorder.lookup(new SeenLookup("gone.test", null, DnsLookup.Outcome.REFUSED, "t"));
		// Recorded on a thread no test class owns: marked as from a shared thread.
		assertThat(this.recorder.connections()).containsExactly(new ConnectionAttempt("api.test", address, 80,
				ConnectionAttempt.Outcome.ALLOWED, null, "t", null, true));
		assertThat(this.recorder.lookups()).containsExactly(
				new DnsLookup("gone.test", List.of(), DnsLookup.Outcome.REFUSED, "t", List.of(), null, true));
	}

	@Test
	void aClassReadsItsOwnRecordsAndSharedThreadsButNotAnotherClasss() {
		Owner first = new Owner(null, "first class");
		Owner second = new Owner(null, "second class");
		Owner firstsMethod = new Owner(first, "a method of the first class") {
			@Override
			public Owner recordsFor() {
				return first;
			}
		};
		Recorder.Mark mark = this.recorder.mark();
		try {
			PatchOwners.set(firstsMethod);
			this.recorder.connection(attempt(1, ConnectionAttempt.Outcome.BLOCKED));
			PatchOwners.set(second);
			this.recorder.connection(attempt(2, ConnectionAttempt.Outcome.BLOCKED));
			PatchOwners.set(null);
			this.recorder.connection(attempt(3, ConnectionAttempt.Outcome.BLOCKED));

			PatchOwners.set(first);
			assertThat(this.recorder.connections()).extracting(ConnectionAttempt::port, ConnectionAttempt::sharedThread)
				.containsExactly(tuple(1, false), tuple(3, true));
			PatchOwners.set(second);
			assertThat(this.recorder.connections()).extracting(ConnectionAttempt::port).containsExactly(2, 3);
		}
		finally {
			PatchOwners.set(null);
		}
		assertThat(this.recorder.connections()).extracting(ConnectionAttempt::port).containsExactly(1, 2, 3);
		Recorder.Slice<ConnectionAttempt> firsts = this.recorder.connectionsSince(mark, first);
		assertThat(firsts.records()).extracting(ConnectionAttempt::port).containsExactly(1, 3);
		assertThat(firsts.missing()).as("another class's records are not missing ones").isZero();
	}

	@Test
	void whatTheContextDidWhileItStartedIsReadByEveryClassNotMarkedShared() {
		Owner creator = new Owner(null, "the class it was created for");
		Owner later = new Owner(null, "a later class");
		try {
			PatchOwners.set(creator);
			this.recorder.starting(Thread.currentThread());
			this.recorder.connection(attempt(1, ConnectionAttempt.Outcome.BLOCKED));
			this.recorder.starting(null);
			this.recorder.connection(attempt(2, ConnectionAttempt.Outcome.BLOCKED));

			PatchOwners.set(later);
			assertThat(this.recorder.connections()).extracting(ConnectionAttempt::port, ConnectionAttempt::sharedThread)
				.containsExactly(tuple(1, false));
		}
		finally {
			PatchOwners.set(null);
		}
	}

	@Test
	void aLookupPassedToTheSystemResolverKeepsItsAnswerOrFailureWhenRead() {
		InetAddress address = InetAddress.getLoopbackAddress();
		this.recorder.lookup(SeenLookup.passedToSystem("up.test", new InetAddress[] { address }, null, "t"));
		this.recorder.lookup(SeenLookup.passedToSystem("down.test", null, "down.test: unknown", "t"));
		assertThat(this.recorder.lookups()).containsExactly(
				new DnsLookup("up.test", List.of(), DnsLookup.Outcome.SYSTEM, "t", List.of(address), null, true),
				new DnsLookup("down.test", List.of(), DnsLookup.Outcome.SYSTEM, "t", List.of(), "down.test: unknown",
						true));
	}

	@Test
	void aSliceHoldsExactlyTheRecordsSinceItsMarkAlsoAfterAClear() {
		this.recorder.connection(attempt(1, ConnectionAttempt.Outcome.ALLOWED));
		this.recorder.lookup(lookup("before.test", DnsLookup.Outcome.ANSWERED));
		Recorder.Mark mark = this.recorder.mark();
		this.recorder.connection(attempt(2, ConnectionAttempt.Outcome.BLOCKED));
		this.recorder.clear();
		this.recorder.connection(attempt(3, ConnectionAttempt.Outcome.BLOCKED));
		this.recorder.lookup(lookup("after.test", DnsLookup.Outcome.REFUSED));

		Recorder.Slice<ConnectionAttempt> connections = this.recorder.connectionsSince(mark);
		assertThat(connections.records()).extracting(ConnectionAttempt::port).containsExactly(2, 3);
		assertThat(connections.missing()).isZero();
		assertThat(this.recorder.lookupsSince(mark).records()).extracting(DnsLookup::name)
			.containsExactly("after.test");
		assertThat(this.recorder.connections()).as("the user's view is cleared")
			.extracting(ConnectionAttempt::port)
			.containsExactly(3);
		assertThat(this.recorder.totals().since(mark.totals()).of(ConnectionAttempt.Outcome.BLOCKED)).isEqualTo(2);
	}

	@Test
	void aSliceTheRingOverwroteInPartSaysHowManyAreMissing() {
		this.recorder.connection(attempt(0, ConnectionAttempt.Outcome.ALLOWED));
		Recorder.Mark mark = this.recorder.mark();
		int total = Recorder.CAPACITY + 25;
		for (int i = 1; i <= total; i++) {
			this.recorder.connection(attempt(i, ConnectionAttempt.Outcome.BLOCKED));
		}
		Recorder.Slice<ConnectionAttempt> slice = this.recorder.connectionsSince(mark);
		assertThat(slice.records()).hasSize(Recorder.CAPACITY);
		assertThat(slice.records().get(0).port()).isEqualTo(26);
		assertThat(slice.overwritten()).isEqualTo(25);
		assertThat(slice.unwritten()).isZero();
	}

	@Test
	void readersWhileWritersWrapTheRingSeeEachWritersRecordsInOrderAndNeverOneTwice() throws Exception {
		int writers = 3;
		int perWriter = Recorder.CAPACITY;
		Recorder.Mark mark = this.recorder.mark();
		List<Thread> threads = new ArrayList<>();
		for (int w = 0; w < writers; w++) {
			int writer = w;
			threads.add(new Thread(() -> {
				for (int i = 0; i < perWriter; i++) {
					// The port says which writer (high digits) and which of its records
					// (low digits).
					this.recorder.connection(attempt(writer * 100_000 + i, ConnectionAttempt.Outcome.ALLOWED));
				}
			}));
		}
		threads.forEach(Thread::start);
		int reads = 0;
		while (threads.stream().anyMatch(Thread::isAlive) || reads == 0) {
			assertOrderedPerWriter(this.recorder.connectionsSince(mark).records());
			reads++;
		}
		for (Thread thread : threads) {
			thread.join();
		}
		Recorder.Slice<ConnectionAttempt> all = this.recorder.connectionsSince(mark);
		assertOrderedPerWriter(all.records());
		assertThat(all.records()).hasSize(Recorder.CAPACITY);
		assertThat(all.missing()).isEqualTo((long) writers * perWriter - Recorder.CAPACITY);
	}

	private static void assertOrderedPerWriter(List<ConnectionAttempt> records) {
		Map<Integer, Integer> last = new HashMap<>();
		for (ConnectionAttempt record : records) {
			int writer = record.port() / 100_000;
			int index = record.port() % 100_000;
			Integer previous = last.put(writer, index);
			assertThat(previous == null || previous < index).as("writer %d: %d after %d", writer, index, previous)
				.isTrue();
		}
	}

	private static SeenConnect attempt(int port, ConnectionAttempt.Outcome outcome) {
		return new SeenConnect(InetAddress.getLoopbackAddress(), port, outcome, null, "test",
				InetAddress::getHostAddress);
	}

	private static SeenLookup lookup(String name, DnsLookup.Outcome outcome) {
		return new SeenLookup(name, new InetAddress[] { InetAddress.getLoopbackAddress() }, outcome, "test");
	}

}
