package dev.patching.internal.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

import dev.patching.ConnectionAttempt;
import dev.patching.DnsLookup;
import org.jspecify.annotations.Nullable;

/**
 * Keeps what one context's patches saw — the newest {@value #CAPACITY} connects and
 * lookups — plus totals by outcome that {@link #clear()} leaves alone (the per-class
 * report counts with them). Recording is lock-free: it runs inside every hooked connect
 * and lookup.
 * <p>
 * Every record carries its sequence number (how many records of its kind came before it),
 * so the records of a stretch of time — one test class — are told apart from those before
 * and after it and from those the ring overwrote since ({@link #mark()},
 * {@link #connectionsSince}). A record is never mistaken for another: a slot holds its
 * record together with its number.
 */
public final class Recorder implements Recording {

	/** How many connects, and how many lookups, a recorder keeps. */
	public static final int CAPACITY = 1 << 14;

	private final Ring<SeenConnect> connections = new Ring<>();

	private final Ring<SeenLookup> lookups = new Ring<>();

	private final AtomicLongArray connectionTotals = new AtomicLongArray(ConnectionAttempt.Outcome.values().length);

	private final AtomicLongArray lookupTotals = new AtomicLongArray(DnsLookup.Outcome.values().length);

	@Override
	public void connection(SeenConnect connect) {
		this.connections.add(connect);
		this.connectionTotals.incrementAndGet(connect.outcome().ordinal());
	}

	@Override
	public void lookup(SeenLookup lookup) {
		this.lookups.add(lookup);
		this.lookupTotals.incrementAndGet(lookup.outcome().ordinal());
	}

	/** How many connects and lookups of each outcome were ever recorded. */
	public Totals totals() {
		long[] c = new long[this.connectionTotals.length()];
		long[] l = new long[this.lookupTotals.length()];
		for (int i = 0; i < c.length; i++) {
			c[i] = this.connectionTotals.get(i);
		}
		for (int i = 0; i < l.length; i++) {
			l[i] = this.lookupTotals.get(i);
		}
		return new Totals(c, l);
	}

	/** The connects kept, oldest first, as users see them. */
	List<ConnectionAttempt> connections() {
		return this.connections.snapshot().stream().map(SeenConnect::attempt).toList();
	}

	/** The lookups kept, oldest first, as users see them. */
	List<DnsLookup> lookups() {
		return this.lookups.snapshot().stream().map(SeenLookup::lookup).toList();
	}

	/**
	 * Forgets the records for {@link #connections()} and {@link #lookups()}; what a
	 * class's report reads ({@link #connectionsSince}, {@link #lookupsSince}) and the
	 * totals stay.
	 */
	void clear() {
		this.connections.clear();
		this.lookups.clear();
	}

	/**
	 * Where the records stand now: what is recorded after this is
	 * {@link #connectionsSince} / {@link #lookupsSince} it.
	 */
	public Mark mark() {
		return new Mark(this.connections.next.get(), this.lookups.next.get(), totals());
	}

	/**
	 * The connects recorded since {@code mark}, oldest first, whether or not
	 * {@link #clear()} was called since.
	 */
	public Slice<ConnectionAttempt> connectionsSince(Mark mark) {
		return this.connections.since(mark.connections()).map(SeenConnect::attempt);
	}

	/**
	 * The lookups recorded since {@code mark}, oldest first, whether or not
	 * {@link #clear()} was called since.
	 */
	public Slice<DnsLookup> lookupsSince(Mark mark) {
		return this.lookups.since(mark.lookups()).map(SeenLookup::lookup);
	}

	/**
	 * The newest {@value #CAPACITY} records, oldest first. A writer claims a sequence
	 * number with one atomic increment, marks the number's slot as being written, puts
	 * its record there and then the number beside it; a reader takes a slot's record only
	 * when it finds the number it looks for both before and after reading the record (a
	 * slot not written yet still holds an older record, or none; an overwritten one a
	 * newer record). No allocation on the hook's path.
	 */
	private static final class Ring<T> {

		private static final long WRITING = -1;

		private final AtomicReferenceArray<@Nullable T> slots = new AtomicReferenceArray<>(CAPACITY);

		/**
		 * The sequence number of each slot's record, {@link #WRITING} while it is
		 * replaced.
		 */
		private final AtomicLongArray sequences = new AtomicLongArray(CAPACITY);

		private final AtomicLong next = new AtomicLong();

		/** Records before this number are left out of {@link #snapshot()}. */
		private volatile long clearedAt;

		Ring() {
			for (int slot = 0; slot < CAPACITY; slot++) {
				this.sequences.setPlain(slot, WRITING);
			}
		}

		void add(T record) {
			long index = this.next.getAndIncrement();
			int slot = (int) (index & (CAPACITY - 1));
			this.sequences.setOpaque(slot, WRITING);
			// Release: a reader that sees this record also sees the mark above.
			this.slots.setRelease(slot, record);
			this.sequences.setRelease(slot, index);
		}

		List<T> snapshot() {
			return since(this.clearedAt).records();
		}

		Slice<T> since(long from) {
			long end = this.next.get();
			long start = Math.max(from, end - CAPACITY);
			List<T> records = new ArrayList<>((int) Math.max(0, end - start));
			long overwritten = Math.max(0, start - from);
			long unwritten = 0;
			for (long index = start; index < end; index++) {
				int slot = (int) (index & (CAPACITY - 1));
				long before = this.sequences.getAcquire(slot);
				T record = this.slots.getAcquire(slot);
				long after = this.sequences.getAcquire(slot);
				if (before == index && after == index) {
					records.add(record);
				}
				else if (before > index || after > index) {
					overwritten++;
				}
				else {
					unwritten++;
				}
			}
			return new Slice<>(List.copyOf(records), overwritten, unwritten);
		}

		void clear() {
			this.clearedAt = this.next.get();
		}

	}

	/**
	 * A point in a recorder's history: how many connects and lookups were recorded before
	 * it, and the totals by outcome then.
	 */
	public record Mark(long connections, long lookups, Totals totals) {

	}

	/**
	 * The records of a stretch of time, oldest first, and how many of its records are not
	 * among them: {@code overwritten} by newer ones (the ring keeps the newest
	 * {@value #CAPACITY}), or {@code unwritten} — claimed by a connect or lookup still
	 * being recorded when asked.
	 */
	public record Slice<T>(List<T> records, long overwritten, long unwritten) {

		/** How many records of the stretch are missing from {@link #records()}. */
		public long missing() {
			return this.overwritten + this.unwritten;
		}

		/** The same stretch with each record turned into another. */
		<R> Slice<R> map(Function<T, R> mapping) {
			return new Slice<>(this.records.stream().map(mapping).toList(), this.overwritten, this.unwritten);
		}

	}

	/**
	 * Counts by outcome, indexed by {@code ordinal()}.
	 */
	public record Totals(long[] connections, long[] lookups) {

		public long of(ConnectionAttempt.Outcome outcome) {
			return this.connections[outcome.ordinal()];
		}

		public long of(DnsLookup.Outcome outcome) {
			return this.lookups[outcome.ordinal()];
		}

		/** What was recorded since {@code earlier}. */
		public Totals since(Totals earlier) {
			long[] c = this.connections.clone();
			long[] l = this.lookups.clone();
			for (int i = 0; i < c.length; i++) {
				c[i] -= earlier.connections[i];
			}
			for (int i = 0; i < l.length; i++) {
				l[i] -= earlier.lookups[i];
			}
			return new Totals(c, l);
		}

	}

}
