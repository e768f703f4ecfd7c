package dev.patching;

/**
 * A patch could not be applied or restored. The message names the patch and the context;
 * the patches applied before it were undone (on apply), or the others were still restored
 * (on restore).
 */
public class PatchFailedException extends IllegalStateException {

	private final String patch;

	public PatchFailedException(String patch, String message, Throwable cause) {
		super(message, cause);
		this.patch = patch;
	}

	/** The name of the patch that failed. */
	public String getPatch() {
		return this.patch;
	}

}
