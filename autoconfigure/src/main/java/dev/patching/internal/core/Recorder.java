package dev.patching.internal.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.patching.ConnectionAttempt;
import dev.patching.DnsLookup;
import org.jspecify.annotations.Nullable;

/**
 * Keeps what one context's patches saw — the newest {@value #CAPACITY} connects and
 * lookups — plus totals by outcome that {@link #clear()} leaves alone (the per-class
 * report counts with them). Recording is lock-free: it runs inside every hooked connect
 * and lookup.
 */
public final class Recorder implements Recording {

	static final int CAPACITY = 1 << 14;

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

	void clear() {
		this.connections.clear();
		this.lookups.clear();
	}

	/**
	 * The newest {@value #CAPACITY} records, oldest first. A writer claims a slot with
	 * one atomic increment; a reader skips a slot whose record is not written yet.
	 */
	private static final class Ring<T> {

		private final AtomicReferenceArray<@Nullable T> slots = new AtomicReferenceArray<>(CAPACITY);

		private final AtomicLong next = new AtomicLong();

		private volatile long clearedAt;

		void add(T record) {
			long index = this.next.getAndIncrement();
			this.slots.set((int) (index & (CAPACITY - 1)), record);
		}

		List<T> snapshot() {
			long end = this.next.get();
			long start = Math.max(this.clearedAt, end - CAPACITY);
			List<T> records = new ArrayList<>((int) (end - start));
			for (long index = start; index < end; index++) {
				T record = this.slots.get((int) (index & (CAPACITY - 1)));
				if (record != null) {
					records.add(record);
				}
			}
			return List.copyOf(records);
		}

		void clear() {
			long end = this.next.get();
			for (long index = Math.max(this.clearedAt, end - CAPACITY); index < end; index++) {
				this.slots.set((int) (index & (CAPACITY - 1)), null);
			}
			this.clearedAt = end;
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
