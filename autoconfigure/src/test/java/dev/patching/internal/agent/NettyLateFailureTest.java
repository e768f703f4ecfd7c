package dev.patching.internal.agent;

import java.util.List;

import dev.patching.HookInstallationException;
import dev.patching.it.support.ForkedJvm;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Netty class that loads after the hooks are installed and cannot be patched is not
 * silently left unchecked: the JVM swallows the transformer's error, so the next
 * activation (every switch of patch sets calls {@link JvmHooks#ensure}) fails naming the
 * class. In a JVM of its own: such a class, once loaded, makes every later install in
 * that JVM fail too, as it should.
 */
class NettyLateFailureTest {

	@Test
	void aNettyClassThatCannotBePatchedFailsTheNextActivation() throws Exception {
		ForkedJvm.Result result = ForkedJvm.run(List.of(), Main.class.getName());
		assertThat(result.output()).contains("installed: true", "late class loaded: not Netty",
				"ensure failed: HookInstallationException", "shadedfake.io.netty.channel.unix.Socket",
				"install again failed: HookInstallationException", "VERDICT ok");
		assertThat(result.exitCode()).isZero();
	}

	public static final class Main {

		public static void main(String[] args) throws Exception {
			ConnectInterceptor connect = (address, port) -> null;
			LookupInterceptor lookup = (host) -> null;
			JvmHooks.install(connect, lookup);
			JvmHooks.ensure(connect, lookup);
			System.out.println("installed: " + JvmHooks.isInstalled());
			Class<?> late = Class.forName("shadedfake.io.netty.channel.unix.Socket");
			System.out.println("late class loaded: " + late.getMethod("describe").invoke(null));
			boolean ensureFailed = false;
			try {
				JvmHooks.ensure(connect, lookup);
			}
			catch (HookInstallationException ex) {
				ensureFailed = true;
				System.out.println("ensure failed: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
			}
			boolean installFailed = false;
			try {
				JvmHooks.install(connect, lookup);
			}
			catch (HookInstallationException ex) {
				installFailed = true;
				System.out.println("install again failed: " + ex.getClass().getSimpleName());
			}
			JvmHooks.uninstall();
			System.out.println("VERDICT " + (ensureFailed && installFailed ? "ok" : "failed"));
			System.out.flush();
			System.exit(0);
		}

	}

}
