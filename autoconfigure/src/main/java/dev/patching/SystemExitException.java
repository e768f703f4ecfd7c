package dev.patching;

/**
 * Thrown by {@code System.exit(status)} and {@code Runtime.exit(status)} instead of
 * ending the JVM, while the patches of a context with {@code patching.exit.enabled=true}
 * are in effect. Nothing of the JVM's shutdown has started when it is thrown.
 */
public class SystemExitException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int status;

	/**
	 * @param status the status passed to {@code System.exit} or {@code Runtime.exit}
	 */
	public SystemExitException(int status) {
		super("System.exit(" + status + ") was called; patching.exit.enabled=true turned it into this exception "
				+ "and the JVM keeps running.\n\nCatch it to assert the status (status() is " + status
				+ "), or set patching.exit.enabled=false to let the call end the JVM.");
		this.status = status;
	}

	/** The status the code asked the JVM to exit with. */
	public int status() {
		return this.status;
	}

}
