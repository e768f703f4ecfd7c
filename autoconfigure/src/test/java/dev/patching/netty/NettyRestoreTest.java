package dev.patching.netty;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.SocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.patching.ConnectionBlockedException;
import dev.patching.internal.agent.ClassBytes;
import dev.patching.internal.agent.JvmHooks;
import dev.patching.internal.socket.SocketInterceptor;
import dev.patching.internal.socket.SocketPolicy;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelException;
import io.netty.channel.unix.Socket;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.util.internal.ObjectUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Uninstalling gives Netty's classes back byte for byte, including a copy of Netty that a
 * class loader of its own loaded only after the hooks were installed (which also proves
 * that such a copy gets patched when it loads, and that its patched methods can read the
 * bridge).
 */
class NettyRestoreTest {

	@AfterEach
	void uninstall() {
		JvmHooks.uninstall();
	}

	@Test
	void uninstallRestoresNettyClassesByteForByte() throws IOException {
		JvmHooks.uninstall();
		List<Class<?>> targets = List.of(Socket.class, DnsNameResolver.class);
		JvmHooks.install(null, null);
		JvmHooks.uninstall();
		for (Class<?> type : targets) {
			assertThat(ClassCode.of(ClassBytes.capture(type))).as("%s after a first uninstall", type.getName())
				.isEqualTo(ClassCode.of(classFile(type.getClassLoader(), type)));
		}
		// Byte for byte from here: once a class was redefined, JDK 25 writes it back with
		// the merged
		// constant pool of both versions, which stays the same through every later
		// install and uninstall.
		Map<Class<?>, byte[]> before = capture(targets);

		JvmHooks.install(null, null);
		capture(targets).forEach((type, bytes) -> assertThat(bytes).as("%s while patched", type.getName())
			.isNotEqualTo(before.get(type)));

		JvmHooks.uninstall();
		capture(targets).forEach((type, bytes) -> assertThat(bytes).as("%s after uninstall", type.getName())
			.isEqualTo(before.get(type)));
	}

	@Test
	void patchesNettyLoadedLaterByAnotherClassLoaderAndRestoresIt() throws Exception {
		SocketInterceptor blockAll = new SocketInterceptor();
		blockAll.setPolicy(SocketPolicy.of(false, List.of(), Map.of()), null);
		JvmHooks.install(blockAll, null);
		try (LoopbackHttpServer server = new LoopbackHttpServer("server"); URLClassLoader copy = nettyCopy()) {
			Class<?> socketType = copy.loadClass(Socket.class.getName());
			assertThat(socketType).isNotSameAs(Socket.class);
			assertThat(socketType.getModule()).isNotSameAs(JvmHooks.class.getModule());
			// No constructor: Socket's calls into JNI, which only the application's copy
			// of Netty has loaded.
			Object socket = allocateInstance(socketType);
			Method connect = socketType.getMethod("connect", SocketAddress.class);
			Throwable failure = catchThrowable(() -> connect.invoke(socket, server.address()));
			assertThat(failure).isInstanceOf(InvocationTargetException.class)
				.cause()
				.isInstanceOf(ConnectionBlockedException.class)
				.hasMessageContaining("blocked by the socket patch");
			assertThat(server.accepted()).isZero();
			byte[] patched = ClassBytes.capture(socketType);

			JvmHooks.uninstall();
			byte[] restored = ClassBytes.capture(socketType);
			byte[] loadedFrom = classFile(copy, socketType);
			// Patched as it loaded, so the JVM kept the jar's bytes: JDK 17 hands exactly
			// those out
			// again, JDK 25 writes the restored class back with another constant-pool
			// layout.
			assertThat(ClassCode.of(patched)).isNotEqualTo(ClassCode.of(loadedFrom));
			assertThat(ClassCode.of(restored)).isEqualTo(ClassCode.of(loadedFrom));
			if (Runtime.version().feature() == 17) {
				assertThat(restored).isEqualTo(loadedFrom);
			}
		}
	}

	private static byte[] classFile(ClassLoader loader, Class<?> type) throws IOException {
		try (InputStream in = loader.getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
			return in.readAllBytes();
		}
	}

	private static Map<Class<?>, byte[]> capture(List<Class<?>> types) {
		Map<Class<?>, byte[]> bytes = new java.util.LinkedHashMap<>();
		types.forEach(type -> bytes.put(type, ClassBytes.capture(type)));
		return bytes;
	}

	/**
	 * The Netty jars Socket needs, in a loader that does not delegate to the
	 * application's.
	 */
	private static URLClassLoader nettyCopy() {
		URL[] jars = Stream.of(Socket.class, ObjectUtil.class, ChannelException.class, ByteBuf.class)
			.map(NettyRestoreTest::location)
			.toArray(URL[]::new);
		return new URLClassLoader("netty-copy", jars, ClassLoader.getPlatformClassLoader());
	}

	private static URL location(Class<?> type) {
		return type.getProtectionDomain().getCodeSource().getLocation();
	}

	private static Object allocateInstance(Class<?> type) throws ReflectiveOperationException {
		Class<?> unsafeType = Class.forName("sun.misc.Unsafe");
		java.lang.reflect.Field field = unsafeType.getDeclaredField("theUnsafe");
		field.setAccessible(true);
		return unsafeType.getMethod("allocateInstance", Class.class).invoke(field.get(null), type);
	}

}
