package dev.patching.internal.agent;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.patching.it.support.LoopbackServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Install, swap, uninstall and install again; uninstalling gives the JDK classes back
 * byte for byte; a second copy of patching in the same JVM is refused while the first
 * holds the hooks.
 */
class InstallLifecycleTest {

	private final List<String> calls = new CopyOnWriteArrayList<>();

	@AfterEach
	void uninstall() {
		JvmHooks.uninstall();
	}

	private ConnectInterceptor recordingConnects(String name) {
		return (address, port) -> {
			this.calls.add(name + ":" + port);
			return null;
		};
	}

	private LookupInterceptor recordingLookups(String name) {
		return host -> {
			this.calls.add(name + ":" + host);
			return null;
		};
	}

	@Test
	void uninstallRestoresTheJdkClassesByteForByte() throws Exception {
		JvmHooks.uninstall();
		Class<?> net = Class.forName("sun.nio.ch.Net", false, null);
		byte[] netBefore = ClassBytes.capture(net);
		byte[] inetAddressBefore = ClassBytes.capture(InetAddress.class);

		JvmHooks.install(recordingConnects("a"), recordingLookups("a"));
		assertThat(ClassBytes.capture(net)).as("Net while patched").isNotEqualTo(netBefore);
		assertThat(ClassBytes.capture(InetAddress.class)).as("InetAddress while patched")
			.isNotEqualTo(inetAddressBefore);

		JvmHooks.uninstall();
		assertThat(ClassBytes.capture(net)).as("Net after uninstall").isEqualTo(netBefore);
		assertThat(ClassBytes.capture(InetAddress.class)).as("InetAddress after uninstall")
			.isEqualTo(inetAddressBefore);
	}

	@Test
	void interceptorsAreNotCalledAfterUninstall() throws Exception {
		JvmHooks.install(recordingConnects("a"), recordingLookups("a"));
		connectAndResolve();
		assertThat(this.calls).isNotEmpty();
		JvmHooks.uninstall();
		this.calls.clear();
		connectAndResolve();
		assertThat(JvmHooks.isInstalled()).isFalse();
		assertThat(this.calls).isEmpty();
	}

	@Test
	void installsAgainAfterUninstall() throws Exception {
		JvmHooks.install(recordingConnects("first"), recordingLookups("first"));
		JvmHooks.uninstall();
		JvmHooks.install(recordingConnects("second"), recordingLookups("second"));
		assertThat(JvmHooks.isInstalled()).isTrue();
		int port = connectAndResolve();
		assertThat(this.calls).containsExactly("second:localhost", "second:" + port);
	}

	@Test
	void installingAgainWithTheSameInterceptorsChangesNothing() throws Exception {
		ConnectInterceptor connect = recordingConnects("same");
		LookupInterceptor lookup = recordingLookups("same");
		JvmHooks.install(connect, lookup);
		byte[] patched = ClassBytes.capture(InetAddress.class);
		JvmHooks.install(connect, lookup);
		assertThat(ClassBytes.capture(InetAddress.class)).isEqualTo(patched);
		int port = connectAndResolve();
		assertThat(this.calls).containsExactly("same:localhost", "same:" + port);
	}

	@Test
	void installingWithOtherInterceptorsReplacesThem() throws Exception {
		JvmHooks.install(recordingConnects("old"), recordingLookups("old"));
		JvmHooks.install(recordingConnects("new"), recordingLookups("new"));
		int port = connectAndResolve();
		assertThat(this.calls).containsExactly("new:localhost", "new:" + port);
	}

	@Test
	void uninstallWhenNotInstalledDoesNothing() {
		JvmHooks.uninstall();
		JvmHooks.uninstall();
		assertThat(JvmHooks.isInstalled()).isFalse();
	}

	@Test
	void reportsHowInstrumentationWasObtained() {
		JvmHooks.install(null, null);
		assertThat(JvmHooks.instrumentationSource()).isIn("javaagent", "self-attach");
	}

	@Test
	void secondCopyOfPatchingIsRefusedWhileTheFirstHoldsTheHooks() throws Exception {
		JvmHooks.install(null, null);
		try (ChildFirstLoader loader = new ChildFirstLoader("dev.patching.", getClass().getClassLoader())) {
			// hand the copy our instrumentation, as if it had been started with
			// -javaagent too
			loader.loadClass(PatchingAgent.class.getName())
				.getMethod("premain", String.class, java.lang.instrument.Instrumentation.class)
				.invoke(null, null, InstrumentationHolder.get());
			Class<?> copy = loader.loadClass(JvmHooks.class.getName());
			assertThat(copy).isNotSameAs(JvmHooks.class);
			Method install = copy.getMethod("install", loader.loadClass(ConnectInterceptor.class.getName()),
					loader.loadClass(LookupInterceptor.class.getName()));
			Throwable failure = invocationFailure(() -> install.invoke(null, null, null));
			assertThat(failure).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("another copy of patching in this JVM holds them")
				.hasMessageContaining("\n\nLikely cause: ");
			assertThat(copy.getMethod("isInstalled").invoke(null)).isEqualTo(false);
		}
		assertThat(JvmHooks.isInstalled()).isTrue();
	}

	/**
	 * Connects to a loopback server and resolves localhost; returns the server's port.
	 */
	private static int connectAndResolve() throws Exception {
		InetAddress.getByName("localhost");
		try (LoopbackServer server = new LoopbackServer();
				Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
			return server.port();
		}
	}

	private static Throwable invocationFailure(ThrowingCall call) throws Exception {
		try {
			call.run();
		}
		catch (InvocationTargetException ex) {
			return ex.getCause();
		}
		throw new AssertionError("expected the call to fail");
	}

	private interface ThrowingCall {

		void run() throws Exception;

	}

}
