package dev.patching.netty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A "DNS server" on 127.0.0.1 that never answers and counts the UDP packets it received.
 * The test clients use it as their only name server, so a lookup that the hook failed to
 * answer can only ever reach loopback, and "zero received" proves that Netty sent no
 * query.
 */
final class SilentNameServer implements AutoCloseable {

	private final DatagramSocket socket;

	private final AtomicInteger received = new AtomicInteger();

	SilentNameServer() {
		try {
			this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread receiver = new Thread(this::receive, "silent-name-server");
		receiver.setDaemon(true);
		receiver.start();
	}

	InetSocketAddress address() {
		return (InetSocketAddress) this.socket.getLocalSocketAddress();
	}

	/** Queries received so far. */
	int received() {
		return this.received.get();
	}

	private void receive() {
		byte[] buffer = new byte[4096];
		while (!this.socket.isClosed()) {
			try {
				this.socket.receive(new DatagramPacket(buffer, buffer.length));
				this.received.incrementAndGet();
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	@Override
	public void close() {
		this.socket.close();
	}

}
