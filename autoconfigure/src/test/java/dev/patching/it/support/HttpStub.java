package dev.patching.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * A tiny HTTP server on a loopback address that answers "hello from <name>" and keeps the
 * Host headers it saw.
 */
public final class HttpStub implements AutoCloseable {

	private final HttpServer server;

	private final List<String> hosts = new CopyOnWriteArrayList<>();

	public HttpStub(String name, InetAddress loopback) {
		try {
			this.server = HttpServer.create(new InetSocketAddress(loopback, 0), 50);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/", (exchange) -> {
			this.hosts.add(exchange.getRequestHeaders().getFirst("Host"));
			byte[] body = ("hello from " + name).getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.server.start();
	}

	public HttpStub(String name) {
		this(name, InetAddress.getLoopbackAddress());
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	/** The Host headers of the requests received, in order. */
	public List<String> hosts() {
		return List.copyOf(this.hosts);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
