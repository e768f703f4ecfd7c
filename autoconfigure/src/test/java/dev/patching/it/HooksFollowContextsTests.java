package dev.patching.it;

import java.util.Arrays;
import java.util.List;

import dev.patching.internal.agent.ClassBytes;
import dev.patching.internal.agent.JvmHooks;
import dev.patching.it.support.ForkedJvm;
import dev.patching.it.support.LoopbackServer;
import dev.patching.it.support.Scenario;
import dev.patching.it.support.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The hooks are installed while a context needs them and removed, with the JDK's original
 * bytes back, when the last such context closes. Runs in a JVM of its own: in the shared
 * test JVM other cached contexts keep the hooks.
 */
class HooksFollowContextsTests {

	@Test
	void theLastContextToCloseRemovesTheHooksAndTheJdkClassesAreByteIdentical() throws Exception {
		ForkedJvm.Result result = ForkedJvm.run(List.of(), Main.class.getName());
		assertThat(result.output()).contains("before: installed=false", "during: ok", "after: installed=false",
				"Net identical=true", "InetAddress identical=true", "VERDICT ok");
		assertThat(result.exitCode()).isZero();
	}

	public static final class Main {

		static volatile LoopbackServer server;

		public static void main(String[] args) throws Exception {
			Class<?> net = Class.forName("sun.nio.ch.Net");
			byte[] netBefore = ClassBytes.capture(net);
			byte[] inetBefore = ClassBytes.capture(java.net.InetAddress.class);
			System.out.println("before: installed=" + JvmHooks.isInstalled());
			try (LoopbackServer loopback = new LoopbackServer()) {
				server = loopback;
				EngineExecutionResults results = Scenarios.run(Blocking.class);
				System.out
					.println("during: " + (Scenarios.failures(results).isEmpty() ? "ok" : Scenarios.failures(results)));
			}
			System.out.println("after: installed=" + JvmHooks.isInstalled());
			boolean netSame = Arrays.equals(netBefore, ClassBytes.capture(net));
			boolean inetSame = Arrays.equals(inetBefore, ClassBytes.capture(java.net.InetAddress.class));
			System.out.println("Net identical=" + netSame);
			System.out.println("InetAddress identical=" + inetSame);
			System.out.println("VERDICT " + (netSame && inetSame && !JvmHooks.isInstalled() ? "ok" : "failed"));
			System.out.flush();
			System.exit(0);
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class,
			properties = { "patching.socket.enabled=true", "patching.socket.allow-loopback=false",
					"patching.dns.enabled=true", "patching.dns.hosts[x.test]=127.0.0.1" })
	@DirtiesContext
	static class Blocking {

		@Test
		void hooksAreInstalledAndBlock() {
			assertThat(JvmHooks.isInstalled()).isTrue();
			assertThatExceptionOfType(java.net.ConnectException.class).isThrownBy(Main.server::connect);
		}

	}

}
