package dev.patching.internal.agent;

import java.net.InetAddress;
import java.net.Socket;

import dev.patching.HookInstallationException;
import dev.patching.it.support.LoopbackServer;

/**
 * Run in a forked JVM by {@link ForkedJvmTest}: installs the hooks, proves the connect
 * hook fires (a redirect between two loopback ports), uninstalls, and prints what
 * happened on stdout. Exit code 0 when installed, 3 when the installation failed (its
 * message is printed).
 */
public final class ForkedHooksMain {

	private ForkedHooksMain() {
	}

	public static void main(String[] args) throws Exception {
		try (LoopbackServer asked = new LoopbackServer(); LoopbackServer target = new LoopbackServer()) {
			JvmHooks.install((address, port) -> (port == asked.port()) ? target.address() : null, null);
			System.out.println("source=" + JvmHooks.instrumentationSource());
			try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), asked.port())) {
				System.out.println("redirected=" + (target.awaitAccepted(1) == 1 && asked.accepted() == 0));
			}
			JvmHooks.uninstall();
			System.out.println("uninstalled=" + !JvmHooks.isInstalled());
		}
		catch (HookInstallationException ex) {
			System.out.println("source=" + JvmHooks.instrumentationSource());
			System.out.println("failed:");
			System.out.println(ex.getMessage());
			System.exit(3);
		}
	}

}
