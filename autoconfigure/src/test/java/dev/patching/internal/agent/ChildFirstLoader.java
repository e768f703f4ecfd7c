package dev.patching.internal.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;

/**
 * Loads its own copy of every class under a package prefix (from the parent's class path)
 * and delegates everything else, the way a second class loader would hold a second copy
 * of patching.
 */
final class ChildFirstLoader extends URLClassLoader {

	private final String prefix;

	ChildFirstLoader(String prefix, ClassLoader parent) {
		super(new URL[0], parent);
		this.prefix = prefix;
	}

	@Override
	protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
		if (!name.startsWith(this.prefix)) {
			return super.loadClass(name, resolve);
		}
		synchronized (getClassLoadingLock(name)) {
			Class<?> loaded = findLoadedClass(name);
			if (loaded == null) {
				loaded = define(name);
			}
			if (resolve) {
				resolveClass(loaded);
			}
			return loaded;
		}
	}

	@Override
	public URL getResource(String name) {
		return getParent().getResource(name);
	}

	private Class<?> define(String name) throws ClassNotFoundException {
		String resource = name.replace('.', '/') + ".class";
		try (InputStream in = getParent().getResourceAsStream(resource)) {
			if (in == null) {
				throw new ClassNotFoundException(name);
			}
			byte[] bytes = in.readAllBytes();
			return defineClass(name, bytes, 0, bytes.length);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
