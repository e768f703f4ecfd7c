package dev.patching.internal.core;

import java.util.ArrayList;
import java.util.Arrays;
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

	/**
	 * Whose the records made while the context starts are, on the thread that creates it:
	 * the context's, read by every class that uses it.
	 */
	static final Object CONTEXT = new Object();

	/** The thread creating the context, while it starts. */
	private volatile @Nullable Thread starter;

	/**
	 * The context starts on {@code thread} (none: it has started): what that thread
	 * records meanwhile belongs to the context, not to the class it creates it for.
	 */
	void starting(@Nullable Thread thread) {
		this.starter = thread;
	}

	/** Whose a record made on this thread now is (none: a shared thread's). */
	private @Nullable Object owner() {
		return (Thread.currentThread() == this.starter) ? CONTEXT : PatchOwners.recordsOwner();
	}

	@Override
	public void connection(SeenConnect connect) {
		if (connect.outcome() != ConnectionAttempt.Outcome.ALLOWED) {
			// ALLOWED, the common case, is what is left of all records added (counted
			// before the record is added, so that it is never taken for one).
			this.connectionTotals.incrementAndGet(connect.outcome().ordinal());
		}
		this.connections.add(connect, owner());
	}

	@Override
	public void lookup(SeenLookup lookup) {
		if (lookup.outcome() != DnsLookup.Outcome.ANSWERED) {
			// ANSWERED, the common case, is what is left of all records added (counted
			// before the record is added, so that it is never taken for one).
			this.lookupTotals.incrementAndGet(lookup.outcome().ordinal());
		}
		this.lookups.add(lookup, owner());
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
		// Read after the other outcomes: a record being added now is not counted as
		// ALLOWED or ANSWERED.
		long connects = this.connections.added() - Arrays.stream(c).sum();
		long lookups = this.lookups.added() - Arrays.stream(l).sum();
		c[ConnectionAttempt.Outcome.ALLOWED.ordinal()] = Math.max(0, connects);
		l[DnsLookup.Outcome.ANSWERED.ordinal()] = Math.max(0, lookups);
		return new Totals(c, l);
	}

	/**
	 * The connects kept, oldest first, as users see them: for a test class (the owner
	 * acting on this thread), its own, those made while the context started and those
	 * from shared threads; else all.
	 */
	List<ConnectionAttempt> connections() {
		return this.connections.snapshot(PatchOwners.recordsOwner())
			.map((kept) -> kept.record().attempt(kept.sharedThread()))
			.records();
	}

	/** The lookups kept, oldest first, as users see them (as for connects). */
	List<DnsLookup> lookups() {
		return this.lookups.snapshot(PatchOwners.recordsOwner())
			.map((kept) -> kept.record().lookup(kept.sharedThread()))
			.records();
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
		return connectionsSince(mark, null);
	}

	/**
	 * Like {@link #connectionsSince(Mark)}, for {@code reader}: its own connects and
	 * those from shared threads (none: every connect).
	 */
	public Slice<ConnectionAttempt> connectionsSince(Mark mark, @Nullable Object reader) {
		return this.connections.since(mark.connections(), reader)
			.map((kept) -> kept.record().attempt(kept.sharedThread()));
	}

	/**
	 * The lookups recorded since {@code mark}, oldest first, whether or not
	 * {@link #clear()} was called since.
	 */
	public Slice<DnsLookup> lookupsSince(Mark mark) {
		return lookupsSince(mark, null);
	}

	/** Like {@link #lookupsSince(Mark)}, for {@code reader} (as for connects). */
	public Slice<DnsLookup> lookupsSince(Mark mark, @Nullable Object reader) {
		return this.lookups.since(mark.lookups(), reader).map((kept) -> kept.record().lookup(kept.sharedThread()));
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

		/** Whose each slot's record is; none for a shared thread's. */
		private final AtomicReferenceArray<@Nullable Object> owners = new AtomicReferenceArray<>(CAPACITY);

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

		void add(T record, @Nullable Object owner) {
			long index = this.next.getAndIncrement();
			int slot = (int) (index & (CAPACITY - 1));
			this.sequences.setOpaque(slot, WRITING);
			// Release: a reader that sees this record also sees the mark above.
			this.owners.setRelease(slot, owner);
			this.slots.setRelease(slot, record);
			this.sequences.setRelease(slot, index);
		}

		/** How many records were ever added. */
		long added() {
			return this.next.get();
		}

		Slice<Kept<T>> snapshot(@Nullable Object reader) {
			return since(this.clearedAt, reader);
		}

		/**
		 * The records from number {@code from} on that {@code reader} sees: its own and
		 * shared threads' (none: all); records of other owners are left out, not counted
		 * missing.
		 */
		Slice<Kept<T>> since(long from, @Nullable Object reader) {
			long end = this.next.get();
			long start = Math.max(from, end - CAPACITY);
			List<Kept<T>> records = new ArrayList<>((int) Math.max(0, end - start));
			long overwritten = Math.max(0, start - from);
			long unwritten = 0;
			for (long index = start; index < end; index++) {
				int slot = (int) (index & (CAPACITY - 1));
				long before = this.sequences.getAcquire(slot);
				T record = this.slots.getAcquire(slot);
				Object owner = this.owners.getAcquire(slot);
				long after = this.sequences.getAcquire(slot);
				if (before == index && after == index) {
					if (reader == null || owner == null || owner == CONTEXT || owner == reader) {
						records.add(new Kept<>(record, owner == null));
					}
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

	/** A record as read, and whether a shared thread made it. */
	record Kept<T>(T record, boolean sharedThread) {

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

		/** The counts of these records. */
		public static Totals of(List<ConnectionAttempt> connections, List<DnsLookup> lookups) {
			long[] c = new long[ConnectionAttempt.Outcome.values().length];
			long[] l = new long[DnsLookup.Outcome.values().length];
			connections.forEach((attempt) -> c[attempt.outcome().ordinal()]++);
			lookups.forEach((lookup) -> l[lookup.outcome().ordinal()]++);
			return new Totals(c, l);
		}

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
