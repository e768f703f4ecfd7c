package dev.patching.it.support;

import java.util.ArrayList;
import java.util.List;

/** What the test patches and beans did, in order; cleared by each test that reads it. */
public final class Journal {

	private static final List<String> EVENTS = new ArrayList<>();

	private Journal() {
	}

	public static synchronized void add(String event) {
		EVENTS.add(event);
	}

	public static synchronized List<String> events() {
		return List.copyOf(EVENTS);
	}

	public static synchronized void clear() {
		EVENTS.clear();
	}

}
