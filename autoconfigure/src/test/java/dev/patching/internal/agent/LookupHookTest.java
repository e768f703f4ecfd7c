package dev.patching.internal.agent;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.patching.it.support.LoopbackServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The lookup hook answers names before the JDK resolver and its cache. Only names under
 * the reserved {@code .test} domain are answered, and only loopback addresses are handed
 * out; the real resolver is only ever asked for {@code localhost}.
 */
class LookupHookTest {

	private static final byte[] LOOPBACK = { 127, 0, 0, 1 };

	private final List<String> asked = new CopyOnWriteArrayList<>();

	@BeforeEach
	void answerDotTestNames() {
		JvmHooks.install(null, this::answer);
	}

	@AfterEach
	void forgetInterceptors() {
		JvmHooks.install(null, null);
	}

	@AfterAll
	static void uninstall() {
		JvmHooks.uninstall();
	}

	private InetAddress[] answer(String host) throws UnknownHostException {
		this.asked.add(host);
		return switch (host) {
			case "foo.test" ->
				new InetAddress[] { InetAddress.getByAddress(host, LOOPBACK), InetAddress.getByName("::1") };
			case "refused.test" -> throw new UnknownHostException("refused.test is refused by LookupHookTest");
			default -> null;
		};
	}

	@Test
	void answersGetByName() throws UnknownHostException {
		InetAddress address = InetAddress.getByName("foo.test");
		assertThat(address.getAddress()).isEqualTo(LOOPBACK);
		assertThat(address.getHostName()).isEqualTo("foo.test");
		assertThat(this.asked).containsExactly("foo.test");
	}

	@Test
	void answersGetAllByName() throws UnknownHostException {
		assertThat(InetAddress.getAllByName("foo.test")).extracting(InetAddress::getHostAddress)
			.containsExactly("127.0.0.1", "0:0:0:0:0:0:0:1");
	}

	@Test
	void answersTheHostOfASocket() throws Exception {
		try (LoopbackServer server = new LoopbackServer(); Socket socket = new Socket("foo.test", server.port())) {
			assertThat(server.awaitAccepted(1)).isEqualTo(1);
			assertThat(((InetSocketAddress) socket.getRemoteSocketAddress()).getHostString()).isEqualTo("foo.test");
		}
	}

	@Test
	void refusalReachesInetAddressCallers() {
		assertThatExceptionOfType(UnknownHostException.class).isThrownBy(() -> InetAddress.getByName("refused.test"))
			.withMessage("refused.test is refused by LookupHookTest");
		assertThatExceptionOfType(UnknownHostException.class).isThrownBy(() -> InetAddress.getAllByName("refused.test"))
			.withMessage("refused.test is refused by LookupHookTest");
	}

	@Test
	void passesUnansweredNamesToTheJdk() throws UnknownHostException {
		assertThat(InetAddress.getByName("localhost").isLoopbackAddress()).isTrue();
		assertThat(this.asked).containsExactly("localhost");
	}

	@Test
	void neverSeesIpLiterals() throws UnknownHostException {
		InetAddress.getByName("127.0.0.1");
		InetAddress.getAllByName("::1");
		assertThat(this.asked).isEmpty();
	}

	@Test
	void lookupInsideTheInterceptorPassesStraightThrough() throws UnknownHostException {
		List<String> calls = new CopyOnWriteArrayList<>();
		JvmHooks.install(null, host -> {
			calls.add(host);
			InetAddress local = InetAddress.getByName("localhost");
			return new InetAddress[] { InetAddress.getByAddress(host, local.getAddress()) };
		});
		assertThat(InetAddress.getByName("outer.test").isLoopbackAddress()).isTrue();
		assertThat(calls).containsExactly("outer.test");
	}

	@Test
	void connectInsideTheInterceptorPassesStraightThroughItsOwnHook() throws Exception {
		List<String> lookups = new CopyOnWriteArrayList<>();
		List<Integer> connects = new CopyOnWriteArrayList<>();
		try (LoopbackServer policyServer = new LoopbackServer(); LoopbackServer server = new LoopbackServer()) {
			JvmHooks.install((address, port) -> {
				connects.add(port);
				if (port == server.port()) {
					// a policy that asks a (loopback) service and resolves a name before
					// deciding
					new Socket(InetAddress.getLoopbackAddress(), policyServer.port()).close();
					InetAddress.getByName("foo.test");
				}
				return null;
			}, host -> {
				lookups.add(host);
				return new InetAddress[] { InetAddress.getByAddress(host, LOOPBACK) };
			});
			new Socket(InetAddress.getLoopbackAddress(), server.port()).close();
			assertThat(connects).as("the nested connect does not reach the interceptor").containsExactly(server.port());
			assertThat(lookups).as("the lookup hook is guarded separately").containsExactly("foo.test");
			assertThat(policyServer.awaitAccepted(1)).isEqualTo(1);
			assertThat(server.awaitAccepted(1)).isEqualTo(1);
		}
	}

	@Test
	void interceptorExceptionsOtherThanRefusalsPropagate() {
		JvmHooks.install(null, host -> {
			throw new IllegalStateException("interceptor bug for " + host);
		});
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> InetAddress.getByName("bug.test"))
			.withMessage("interceptor bug for bug.test");
	}

}
