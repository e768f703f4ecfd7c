package dev.patching;

/**
 * Overrides in effect until closed, from {@link PatchManager#override(java.util.Map)}:
 * closing puts the set the thread had before back in effect. Close it on the thread that
 * opened it, in a try-with-resources block. Closing twice does nothing.
 */
public interface PatchScope extends AutoCloseable {

	/** Gives the overrides back. */
	@Override
	void close();

}
