package dev.patching;

import org.jspecify.annotations.Nullable;

/**
 * The JVM hooks could not be installed, verified or removed. The message says what
 * failed, then, after a blank line, the likely cause and the fix. Never thrown while a
 * hook is half in place: whatever was installed has been reset by the time a caller sees
 * this.
 */
public class HookInstallationException extends IllegalStateException {

	/**
	 * @param whatFailed what could not be done, on which JDK
	 * @param likelyCause why, most likely
	 * @param fix what the user can do about it
	 */
	public HookInstallationException(String whatFailed, String likelyCause, String fix) {
		this(whatFailed, likelyCause, fix, null);
	}

	/**
	 * @param whatFailed what could not be done, on which JDK
	 * @param likelyCause why, most likely
	 * @param fix what the user can do about it
	 * @param cause the error the JVM or Byte Buddy reported
	 */
	public HookInstallationException(String whatFailed, String likelyCause, String fix, @Nullable Throwable cause) {
		super(whatFailed + "\n\nLikely cause: " + likelyCause + "\n\nFix: " + fix, cause);
	}

}
