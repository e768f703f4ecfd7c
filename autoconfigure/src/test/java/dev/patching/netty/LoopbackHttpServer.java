package dev.patching.netty;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 server on 127.0.0.1 that answers every request with its own name and counts
 * the connections it accepted, so "zero accepted" proves that no connect reached it.
 */
final class LoopbackHttpServer implements AutoCloseable {

	private final String name;

	private final ServerSocket socket;

	private final AtomicInteger accepted = new AtomicInteger();

	LoopbackHttpServer(String name) {
		this.name = name;
		try {
			this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread acceptor = new Thread(this::serve, "loopback-http-" + name);
		acceptor.setDaemon(true);
		acceptor.start();
	}

	InetSocketAddress address() {
		return (InetSocketAddress) this.socket.getLocalSocketAddress();
	}

	int port() {
		return this.socket.getLocalPort();
	}

	/** Connections accepted so far. */
	int accepted() {
		return this.accepted.get();
	}

	private void serve() {
		while (!this.socket.isClosed()) {
			try (Socket connection = this.socket.accept()) {
				this.accepted.incrementAndGet();
				readRequestHead(connection.getInputStream());
				byte[] body = this.name.getBytes(StandardCharsets.UTF_8);
				OutputStream out = connection.getOutputStream();
				out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
						+ "\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
				out.write(body);
				out.flush();
			}
			catch (IOException ex) {
				// closed, or the client went away: keep serving until closed
			}
		}
	}

	private static void readRequestHead(InputStream in) throws IOException {
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		while (matched < end.length) {
			int next = in.read();
			if (next < 0) {
				return;
			}
			matched = (next == end[matched]) ? matched + 1 : (next == '\r' ? 1 : 0);
		}
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
