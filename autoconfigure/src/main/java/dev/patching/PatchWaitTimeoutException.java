package dev.patching;

import java.time.Duration;

/**
 * A test class (or context) waited too long for classes with a different patch set to
 * finish.
 */
public class PatchWaitTimeoutException extends IllegalStateException {

	public PatchWaitTimeoutException(String who, Duration waited, String holders) {
		super(who + " waited " + waited + " for its patch set to be allowed in, but " + holders
				+ " still held a different one.\n\nTest classes whose patch sets differ never run at the same time."
				+ " Raise patching.wait-timeout, give the classes equal patching.* settings, or run them"
				+ " with junit.jupiter.execution.parallel.enabled=false.");
	}

}
