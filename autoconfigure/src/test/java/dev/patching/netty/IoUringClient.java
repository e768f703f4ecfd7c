package dev.patching.netty;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;

/**
 * A plain Netty {@link Bootstrap} client on Netty 4.2's io_uring transport: one
 * {@code MultiThreadIoEventLoopGroup} with {@code IoUringIoHandler} and
 * {@code IoUringSocketChannel}. Its classes are reached by name only, so that this
 * compiles against Netty 4.1 too (Spring Boot 3.5), which has neither them nor
 * {@code MultiThreadIoEventLoopGroup}; check {@link #present()} first.
 */
final class IoUringClient implements AutoCloseable {

	static final String IO_URING = "io.netty.channel.uring.IoUring";

	static final String SOCKET_CHANNEL = "io.netty.channel.uring.IoUringSocketChannel";

	/** Why the io_uring tests skip when Netty 4.2's io_uring transport is absent. */
	static final String ABSENT = "Netty 4.2's io_uring transport (" + IO_URING
			+ ") is not on the class path: Netty 4.1 (Spring Boot 3.5) has it only as the separate incubator "
			+ "artifact, which patching does not hook";

	private final EventLoopGroup group;

	private final Class<? extends Channel> channelType;

	IoUringClient() throws ReflectiveOperationException {
		ClassLoader loader = IoUringClient.class.getClassLoader();
		Object handlerFactory = Class.forName("io.netty.channel.uring.IoUringIoHandler", true, loader)
			.getMethod("newFactory")
			.invoke(null);
		Class<?> factoryType = Class.forName("io.netty.channel.IoHandlerFactory", true, loader);
		this.group = (EventLoopGroup) Class.forName("io.netty.channel.MultiThreadIoEventLoopGroup", true, loader)
			.getConstructor(int.class, factoryType)
			.newInstance(1, handlerFactory);
		this.channelType = Class.forName(SOCKET_CHANNEL, true, loader).asSubclass(Channel.class);
	}

	/** Whether Netty 4.2's io_uring transport is on the class path. */
	static boolean present() {
		try {
			Class.forName(IO_URING, false, IoUringClient.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
	}

	/**
	 * {@code IoUring.isAvailable()}: the native library loaded and the kernel runs it.
	 */
	static boolean available() throws ReflectiveOperationException {
		return (Boolean) Class.forName(IO_URING).getMethod("isAvailable").invoke(null);
	}

	/** {@code IoUring.unavailabilityCause()}, {@code null} when available. */
	static Throwable unavailabilityCause() throws ReflectiveOperationException {
		return (Throwable) Class.forName(IO_URING).getMethod("unavailabilityCause").invoke(null);
	}

	/** Connects to {@code remote} and waits until the connect succeeded or failed. */
	ChannelFuture connect(InetSocketAddress remote) {
		ChannelFuture connect = new Bootstrap().group(this.group)
			.channel(this.channelType)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
			.handler(new ChannelInboundHandlerAdapter())
			.connect(remote);
		if (!connect.awaitUninterruptibly(10, TimeUnit.SECONDS)) {
			throw new AssertionError("the io_uring connect to " + remote + " did not finish within 10 s");
		}
		return connect;
	}

	@Override
	public void close() {
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
	}

}
