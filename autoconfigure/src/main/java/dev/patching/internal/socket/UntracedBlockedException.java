package dev.patching.internal.socket;

import java.net.InetAddress;

import dev.patching.ConnectionBlockedException;

/**
 * A refused datagram without a stack trace: its destination was refused many times
 * already (a sender in a loop), and the first refusals carried one. Filling a stack trace
 * is most of what a refusal costs.
 */
final class UntracedBlockedException extends ConnectionBlockedException {

	private static final long serialVersionUID = 1L;

	UntracedBlockedException(String message, String host, InetAddress address, int port) {
		super(message, host, address, port);
	}

	@Override
	public synchronized Throwable fillInStackTrace() {
		return this;
	}

}
