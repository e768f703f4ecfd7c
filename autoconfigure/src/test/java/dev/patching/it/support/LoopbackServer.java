package dev.patching.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP server on 127.0.0.1 that accepts and closes connections, counting them: the only
 * kind of place the tests connect to.
 */
public final class LoopbackServer implements AutoCloseable {

	private final ServerSocket server;

	private final AtomicInteger accepted = new AtomicInteger();

	private final Thread acceptor;

	public LoopbackServer() {
		try {
			this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.acceptor = new Thread(this::acceptLoop, "loopback-server-" + port());
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	private void acceptLoop() {
		while (!this.server.isClosed()) {
			try (Socket socket = this.server.accept()) {
				this.accepted.incrementAndGet();
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	public int port() {
		return this.server.getLocalPort();
	}

	public InetSocketAddress address() {
		return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
	}

	/**
	 * Connections accepted so far; waits briefly so that a connect that did happen is
	 * counted.
	 */
	public int accepted() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return this.accepted.get();
	}

	/**
	 * Waits up to two seconds for at least {@code expected} connections, then counts
	 * them.
	 */
	public int awaitAccepted(int expected) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
		while (this.accepted.get() < expected && System.nanoTime() < deadline) {
			Thread.sleep(5);
		}
		return this.accepted.get();
	}

	/**
	 * Connects with a plain {@link Socket}; returns normally when the connect went
	 * through.
	 */
	public void connect() throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(address(), 2000);
		}
	}

	@Override
	public void close() {
		try {
			this.server.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
